package io.plantwire.driver.support;

import org.osgi.annotation.versioning.ConsumerType;

import io.plantwire.api.driver.DeviceWriteException;
import io.plantwire.api.driver.WriteRequest;
import io.plantwire.api.driver.WriteResult;

/**
 * The protocol half of a driver, for one device: what a {@link PolledDevice} cannot do for you.
 *
 * <p>{@link #connect}, {@link #read} and {@link #write} are called on the device's turn on the shared scheduler: never
 * two at once for one device, so the connection needs no locking. They may block (on I/O, bounded by the
 * protocol's own timeout), but every blocked call holds one of the bundle's few scheduler threads: keep timeouts
 * short. {@link #close} may also be called from another thread while a read blocks, to unblock it.
 *
 * <p>Failures are told apart by what {@code read} (or {@code write}) throws:
 * <ul>
 * <li>{@link DeviceTimeoutException}: the points not yet read become BAD(TIMEOUT); the connection is closed (a late
 * answer must not be taken for the next one) and opened again at the next poll, without backoff;</li>
 * <li>{@link DeviceRefusedException}: BAD(DEVICE_EXCEPTION) with its code; the connection is kept;</li>
 * <li>any other {@link java.io.IOException}: BAD(DISCONNECTED); the connection is closed and reopened after the
 * reconnect backoff, which doubles on each failed attempt;</li>
 * <li>anything else (a bug, an answer that could not be parsed): BAD(DISCONNECTED) with the exception in the detail;
 * the connection is closed, as its state is unknown, and reopened at the next poll.</li>
 * </ul>
 * Samples the read put into the {@link PollResult} before it threw are kept.
 *
 * @param <C> the connection (a socket, a client object); owned by the {@link PolledDevice} between connect and
 *        close
 * @param <G> what the driver attaches to each {@link PollGroup} (e.g. the requests that read it); {@code Void} if
 *        nothing
 */
@ConsumerType
public interface DeviceProtocol<C, G> {

    /**
     * Opens a connection to the device.
     *
     * @return the connection, never null
     * @throws Exception if the device cannot be reached; the message is shown as the device's last error
     */
    C connect() throws Exception;

    /**
     * Reads the points of one poll group and puts a sample for each into {@code result}. A point left without a
     * sample becomes BAD(NOT_AVAILABLE). Where the driver meters its own requests ({@link RequestMeter}), the
     * status counts those; otherwise the whole call counts as one request and its duration as the round trip.
     *
     * @param connection the open connection
     * @param group the group to read; {@link PollGroup#detail()} holds what the driver attached to it
     * @param result where the samples go
     * @throws Exception see the class description for what each kind of exception means
     */
    void read(C connection, PollGroup<G> group, PollResult result) throws Exception;

    /**
     * Closes a connection. Must be safe to call more than once, and from another thread while {@link #read} blocks
     * on it (closing the socket is the usual way to unblock a read). Must not throw.
     */
    void close(C connection);

    /**
     * Writes one point. Validate and convert the value first and throw a {@link DeviceWriteException} naming what is
     * wrong; then get the connection from {@link WriteSession#connection()} and send. The default refuses: a
     * read-only driver need not implement this.
     *
     * @return the result, with the value read back where the request asks for it and the device allows it
     * @throws DeviceWriteException a write that cannot be done (unknown point, read-only, out of range, not
     *         connected); passed on to the caller as it is
     * @throws Exception device or connection trouble, handled as for {@link #read} and reported to the caller as a
     *         {@link DeviceWriteException}
     */
    default WriteResult write(WriteSession<C> session, WriteRequest request) throws Exception {
        throw new DeviceWriteException("writes are not supported by this driver (device '" + request.deviceId()
                + "', point '" + request.point() + "')");
    }
}
