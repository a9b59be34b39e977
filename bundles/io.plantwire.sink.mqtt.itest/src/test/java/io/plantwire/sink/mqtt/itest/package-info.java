/** In-framework tests of the MQTT sink bundle. */
package io.plantwire.sink.mqtt.itest;
