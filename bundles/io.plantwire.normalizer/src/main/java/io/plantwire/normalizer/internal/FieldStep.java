package io.plantwire.normalizer.internal;

import io.plantwire.api.model.AssetRecord;
import io.plantwire.api.model.FieldValue;

/** One operation of a rule set on one field. */
interface FieldStep {

    /**
     * @param record the record being normalized (for its path and timestamp)
     * @param field the field's name as this step sees it (after earlier renames)
     * @param value the field's value so far
     * @return the new value ({@code value} itself when unchanged), or {@code null} to leave the field out
     */
    FieldValue apply(AssetRecord record, String field, FieldValue value);
}
