/** In-framework tests of the mapper, normalizer and context bundles with the real pipeline. */
package io.plantwire.transform.itest;
