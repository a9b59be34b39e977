/** In-framework tests of the pipeline bundle. */
package io.plantwire.pipeline.itest;
