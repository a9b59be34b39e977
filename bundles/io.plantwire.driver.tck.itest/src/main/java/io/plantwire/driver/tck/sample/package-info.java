/** Sample drivers for the kit's own tests: one keeps the contract, each other breaks one rule. Exports nothing. */
package io.plantwire.driver.tck.sample;
