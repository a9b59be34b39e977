/**
 * The Web Console page "Plantwire" and the sink that feeds it. Nothing here is API: other bundles see only the
 * services (a {@link io.plantwire.api.stage.Sink} named {@code console-latest} and a Web Console plugin servlet).
 */
package io.plantwire.console.internal;
