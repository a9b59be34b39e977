/** In-framework tests of io.plantwire.config.files with the real Config Admin and FileInstall. */
package io.plantwire.config.files.itest;
