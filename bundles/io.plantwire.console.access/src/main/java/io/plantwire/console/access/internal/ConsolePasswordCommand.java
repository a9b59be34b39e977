package io.plantwire.console.access.internal;

import java.security.SecureRandom;

import org.osgi.service.component.annotations.Component;

/**
 * Gogo command {@code plantwire:consolehash <password>}: prints the value for the {@code password.hash} attribute
 * of {@code io.plantwire.console.access}, so a site can keep a hash instead of a password in its conf/ files.
 */
@Component(
        service = ConsolePasswordCommand.class,
        property = {
                "osgi.command.scope=plantwire",
                "osgi.command.function=consolehash"
        })
public class ConsolePasswordCommand {

    private final SecureRandom random = new SecureRandom();

    /** Hashes a password after checking it meets the console's password rules. */
    public String consolehash(String password) {
        CredentialPolicy.checkPassword("password", "", password);
        return PasswordHash.of(password, random).toString();
    }
}
