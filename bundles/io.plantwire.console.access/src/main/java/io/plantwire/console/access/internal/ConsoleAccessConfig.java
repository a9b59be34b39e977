package io.plantwire.console.access.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = ConsoleAccessGuard.PID,
        name = "Plantwire Web Console access",
        description = "The account that may use the Web Console. Leave password and password hash empty to use "
                + "PLANTWIRE_CONSOLE_PASSWORD, or the credentials generated at first start "
                + "(<home>/data/console-credentials). admin/admin is never accepted.")
@interface ConsoleAccessConfig {

    @AttributeDefinition(name = "Username", description = "Console login name. No ':' or blanks.")
    String username() default ConsoleCredentialResolver.DEFAULT_USERNAME;

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
            description = "Console password, at least 12 characters, not the username and not a well-known "
                    + "default. Leave empty to use the password hash, the environment or generated credentials.")
    String password() default "";

    @AttributeDefinition(name = "Password hash",
            description = "Instead of a password: pbkdf2-sha256:<iterations>:<base64 salt>:<base64 hash>, "
                    + "e.g. made with the shell command 'plantwire:consolehash'.")
    String password_hash() default "";

    @AttributeDefinition(name = "Realm", description = "Realm shown in the browser's login dialog.")
    String realm() default "Plantwire Gateway";

    @AttributeDefinition(name = "Allowed origins",
            description = "Further origins (http(s)://host[:port]) whose pages may send state-changing requests to "
                    + "the console, e.g. the public address of a reverse proxy in front of it. The console's own "
                    + "origin (the address the browser used) is always allowed; every other origin is refused "
                    + "with 403.")
    String[] allowed_origins() default {};

    @AttributeDefinition(name = "Failed logins per address", min = "1", max = "1000",
            description = "Password checks that did not succeed an address may make in a burst; then it is "
                    + "throttled (429 with Retry-After) until it earns another attempt.")
    int login_attempts_per_address() default 5;

    @AttributeDefinition(name = "Seconds per further attempt", min = "1", max = "3600",
            description = "After the burst, an address earns one more attempt every this many seconds. A right "
                    + "password that needed the slow check restores the full burst. Also the longest the right password waits after an "
                    + "attack from the same address stops.")
    int login_address_refill_seconds() default 10;

    @AttributeDefinition(name = "Concurrent password checks", min = "1", max = "16",
            description = "Slow (PBKDF2) password checks that may run at once, across all addresses: bounds the "
                    + "CPU a guessing attack from many addresses can take.")
    int login_concurrent_hashes() default 1;

    @AttributeDefinition(name = "Wait for a password check (ms)", min = "0", max = "30000",
            description = "How long a login waits for a free check slot before it is answered 429.")
    int login_hash_wait_ms() default 1000;

    @AttributeDefinition(name = "Tracked addresses", min = "16", max = "1000000",
            description = "Addresses (IPv6: /64 networks) whose failed logins are remembered; the least recently "
                    + "seen is forgotten first.")
    int login_tracked_addresses() default 10000;

    @AttributeDefinition(name = "Scrape token", type = AttributeType.PASSWORD, required = false,
            description = "Optional read-only bearer token for /metrics and /health (Prometheus, probes): "
                    + "'Authorization: Bearer <token>'. At least 32 printable characters, e.g. from "
                    + "'openssl rand -hex 32'; best given as a $[secret:name] reference. Not valid for the Web "
                    + "Console. Wrong tokens are throttled like wrong passwords.")
    String scrape_token() default "";

    @AttributeDefinition(name = "Scrape token hash", required = false,
            description = "Instead of the token: sha256:<64 hex digits>, the SHA-256 of the token, e.g. from "
                    + "'printf %s TOKEN | sha256sum'.")
    String scrape_token_hash() default "";
}
