/** In-framework tests of the console plugin. */
package io.plantwire.console.itest;
