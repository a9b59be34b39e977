/*
 * The Modbus end of runtime/measure-throughput.sh with MODBUS_SERVER=libmodbus: an independent Modbus TCP server
 * (libmodbus, not Plantwire's simulator), as the capacity issue measured with. One process, one thread, a select()
 * loop over every listening port and every client connection.
 *
 * Every unit id of a port answers from the same register map: holding registers 0 .. 2*tags-1 hold `tags` float32
 * values (big-endian word order, ABCD), 100.0 + tag/10. The bench configures no deadband, so values that do not
 * change are still published on every poll.
 *
 *   gcc -O2 -o modbus_farm runtime/bench/modbus_farm.c $(pkg-config --cflags --libs libmodbus)
 *   ./modbus_farm <first port> <devices> <tags>
 *
 * Devices beyond 247 go to the next port (unit ids 1..247 per port, as ModbusFarm.java). Prints "READY <ports>" when
 * it listens; runs until killed. Needs Debian's libmodbus-dev.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include <modbus.h>

#define UNITS_PER_PORT 247

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s <first port> <devices> <tags>\n", argv[0]);
        return 2;
    }
    int first_port = atoi(argv[1]);
    int devices = atoi(argv[2]);
    int tags = atoi(argv[3]);
    if (first_port <= 0 || first_port > 65535 || devices <= 0 || tags <= 0 || 2 * tags > MODBUS_MAX_READ_REGISTERS) {
        fprintf(stderr, "port 1..65535, devices > 0 and 1..%d tags expected\n", MODBUS_MAX_READ_REGISTERS / 2);
        return 2;
    }
    int ports = (devices + UNITS_PER_PORT - 1) / UNITS_PER_PORT;

    modbus_mapping_t *map = modbus_mapping_new(0, 0, 2 * tags, 0);
    if (map == NULL) {
        fprintf(stderr, "register map: %s\n", modbus_strerror(errno));
        return 1;
    }
    for (int t = 0; t < tags; t++) {
        /* High word first, each word sent big-endian: bytes A B C D on the wire. Not modbus_set_float_abcd: in
         * Debian 12's libmodbus 3.1.6 it swaps the bytes on a little-endian machine (read back as -198656.0). */
        float value = 100.0f + t / 10.0f;
        uint32_t bits;
        memcpy(&bits, &value, sizeof bits);
        map->tab_registers[2 * t] = (uint16_t) (bits >> 16);
        map->tab_registers[2 * t + 1] = (uint16_t) (bits & 0xFFFF);
    }

    modbus_t **listeners = calloc(ports, sizeof(modbus_t *));
    int *listen_fds = calloc(ports, sizeof(int));
    fd_set all;
    FD_ZERO(&all);
    int max_fd = -1;
    char ready[4096] = "READY ";
    for (int p = 0; p < ports; p++) {
        listeners[p] = modbus_new_tcp("127.0.0.1", first_port + p);
        if (listeners[p] == NULL) {
            fprintf(stderr, "context for port %d: %s\n", first_port + p, modbus_strerror(errno));
            return 1;
        }
        listen_fds[p] = modbus_tcp_listen(listeners[p], devices);
        if (listen_fds[p] < 0) {
            fprintf(stderr, "listen on port %d: %s\n", first_port + p, modbus_strerror(errno));
            return 1;
        }
        FD_SET(listen_fds[p], &all);
        if (listen_fds[p] > max_fd) {
            max_fd = listen_fds[p];
        }
        snprintf(ready + strlen(ready), sizeof(ready) - strlen(ready), "%s%d", p == 0 ? "" : ",", first_port + p);
    }
    printf("%s\n", ready);
    fflush(stdout);

    /* Requests of every client are answered through one context: a TCP context only needs the socket. */
    modbus_t *replier = listeners[0];
    uint8_t request[MODBUS_TCP_MAX_ADU_LENGTH];
    for (;;) {
        fd_set readable = all;
        if (select(max_fd + 1, &readable, NULL, NULL, NULL) < 0) {
            if (errno == EINTR) {
                continue;
            }
            fprintf(stderr, "select: %s\n", strerror(errno));
            return 1;
        }
        for (int fd = 0; fd <= max_fd; fd++) {
            if (!FD_ISSET(fd, &readable)) {
                continue;
            }
            int port = -1;
            for (int p = 0; p < ports; p++) {
                if (listen_fds[p] == fd) {
                    port = p;
                }
            }
            if (port >= 0) {
                int client = modbus_tcp_accept(listeners[port], &listen_fds[port]);
                if (client >= 0 && client < FD_SETSIZE) {
                    FD_SET(client, &all);
                    if (client > max_fd) {
                        max_fd = client;
                    }
                } else if (client >= 0) {
                    close(client); /* beyond what select() can watch */
                }
                continue;
            }
            modbus_set_socket(replier, fd);
            int n = modbus_receive(replier, request);
            if (n > 0) {
                modbus_reply(replier, request, n, map);
            } else if (n < 0) {
                close(fd); /* the client went away, or sent what is no Modbus request */
                FD_CLR(fd, &all);
            }
        }
    }
}
