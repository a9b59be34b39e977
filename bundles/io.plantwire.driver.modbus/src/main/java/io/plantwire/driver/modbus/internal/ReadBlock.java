package io.plantwire.driver.modbus.internal;

import java.util.List;

/**
 * One read request: a run of registers (or bits) of one table, and the points it serves.
 *
 * @param table the table read
 * @param start first address
 * @param count registers or bits read
 * @param points the points entirely inside the run, by address
 */
record ReadBlock(Table table, int start, int count, List<PointDefinition> points) {

    int end() {
        return start + count - 1;
    }
}
