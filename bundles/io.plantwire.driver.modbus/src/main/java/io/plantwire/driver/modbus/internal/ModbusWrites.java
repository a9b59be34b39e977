package io.plantwire.driver.modbus.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

import io.plantwire.api.driver.DeviceWriteException;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;
import io.plantwire.api.model.Quality.Reason;
import io.plantwire.api.model.Value;
import io.plantwire.driver.modbus.internal.ModbusClient.ModbusDesyncException;
import io.plantwire.driver.modbus.internal.ModbusClient.ModbusExceptionReply;
import io.plantwire.driver.modbus.internal.ModbusClient.ModbusTimeoutException;
import io.plantwire.driver.support.WriteSession;

/** Writes one point: checks and converts the value before anything is sent, then writes and reads back. */
final class ModbusWrites {

    private final String deviceId;
    private final int unit;
    private final Map<String, PointDefinition> byName;
    private final ModbusProtocol protocol;

    ModbusWrites(String deviceId, int unit, Map<String, PointDefinition> byName, ModbusProtocol protocol) {
        this.deviceId = deviceId;
        this.unit = unit;
        this.byName = byName;
        this.protocol = protocol;
    }

    WriteResult write(WriteSession<ModbusClient> session, WriteRequest request) throws DeviceWriteException, IOException {
        PointDefinition p = byName.get(request.point());
        if (p == null) {
            throw new DeviceWriteException("device '" + deviceId + "' has no point '" + request.point() + "'");
        }
        if (!p.table().writable) {
            throw new DeviceWriteException("point '" + p.name() + "' is a " + p.table().configName + ", which is read-only");
        }
        short[] registers = null;
        boolean bit = false;
        try {
            if (p.type() == DataType.BOOL || p.type() == DataType.BIT) {
                bit = request.value().asBoolean();
            } else {
                registers = RegisterCodec.encode(p, request.value());
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new DeviceWriteException("cannot write " + request.value() + " to '" + p.name() + "' (" + p.type().configName + "): " + e.getMessage());
        }
        ModbusClient client = session.connection();
        try {
            protocol.reopenIfResynced(client);
            protocol.pause();
            long t0 = System.nanoTime();
            if (p.type() == DataType.BOOL) {
                client.writeSingleCoil(unit, p.address(), bit);
            } else if (p.type() == DataType.BIT) {
                // No atomic bit write in Modbus that all devices support (FC 22 is optional): read, modify, write.
                short current = client.readRegisters(unit, Table.HOLDING_REGISTER, p.address(), 1)[0];
                session.answered(System.nanoTime() - t0);
                t0 = System.nanoTime();
                int mask = 1 << p.bit();
                client.writeSingleRegister(unit, p.address(), (short) (bit ? current | mask : current & ~mask));
            } else if (registers.length == 1) {
                client.writeSingleRegister(unit, p.address(), registers[0]);
            } else {
                client.writeMultipleRegisters(unit, p.address(), registers);
            }
            session.answered(System.nanoTime() - t0);
            protocol.requestEnded();
            if (!request.confirm()) {
                return new WriteResult(request, false, null);
            }
            t0 = System.nanoTime();
            if (p.type() == DataType.BOOL) {
                boolean back = client.readBits(unit, Table.COIL, p.address(), 1)[0];
                session.answered(System.nanoTime() - t0);
                return new WriteResult(request, back == bit, Value.of(back));
            }
            short[] back = client.readRegisters(unit, Table.HOLDING_REGISTER, p.address(), p.registers());
            session.answered(System.nanoTime() - t0);
            Value readBack;
            try {
                readBack = RegisterCodec.decode(p, back, 0);
            } catch (RegisterCodec.ConversionException e) {
                return new WriteResult(request, false, null);
            }
            boolean same = p.type() == DataType.BIT ? readBack.asBoolean() == bit : Arrays.equals(back, registers);
            return new WriteResult(request, same, readBack);
        } catch (ModbusExceptionReply e) {
            session.failed(Reason.DEVICE_EXCEPTION, "write " + p.name() + ": " + e.getMessage());
            throw new DeviceWriteException("device '" + deviceId + "' refused the write to '" + p.name() + "': " + e.getMessage());
        } catch (ModbusTimeoutException | ModbusDesyncException e) {
            session.failed(e instanceof ModbusTimeoutException ? Reason.TIMEOUT : Reason.DISCONNECTED, "write " + p.name() + ": " + e.getMessage());
            client.close(); // resync: the next request opens a fresh connection at once
            throw new DeviceWriteException("write to '" + p.name() + "' on device '" + deviceId + "' failed: " + e.getMessage(), e);
        } catch (IOException e) {
            session.failed(Reason.DISCONNECTED, "write " + p.name() + ": " + e.getMessage());
            throw e; // connection lost: the support library closes it and reconnects after its backoff
        } finally {
            protocol.requestEnded();
        }
    }
}
