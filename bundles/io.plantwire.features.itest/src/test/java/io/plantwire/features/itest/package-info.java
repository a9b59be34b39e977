/** In-framework tests of io.plantwire.features. */
package io.plantwire.features.itest;
