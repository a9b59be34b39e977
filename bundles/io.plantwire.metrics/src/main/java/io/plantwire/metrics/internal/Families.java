package io.plantwire.metrics.internal;

import io.plantwire.api.text.SafeText;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

/** Short forms of the Prometheus client's snapshot builders, as the collectors use them. */
final class Families {

    /** Longest label value; ids and names come from configuration and stay readable, but bounded. */
    static final int MAX_LABEL_VALUE = 200;

    private Families() {
    }

    static CounterSnapshot.Builder counter(String name, String help) {
        return CounterSnapshot.builder().name(name).help(help);
    }

    static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    static CounterSnapshot.CounterDataPointSnapshot count(double value, Labels labels) {
        return CounterSnapshot.CounterDataPointSnapshot.builder().value(value).labels(labels).build();
    }

    static GaugeSnapshot.GaugeDataPointSnapshot value(double value, Labels labels) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).labels(labels).build();
    }

    /** A label value from foreign text: control characters escaped, length bounded. */
    static String label(String text) {
        return SafeText.printable(text == null ? "" : text, MAX_LABEL_VALUE);
    }
}
