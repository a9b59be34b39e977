package io.plantwire.console.access.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which account guards the console, in this order:
 * <ol>
 * <li>configuration {@code io.plantwire.console.access}: {@code password.hash} or {@code password};</li>
 * <li>environment variable {@code PLANTWIRE_CONSOLE_PASSWORD} (with {@code PLANTWIRE_CONSOLE_USERNAME} or the
 * configured username);</li>
 * <li>the credentials file {@code <home>/data/console-credentials} written at an earlier first start;</li>
 * <li>otherwise new credentials are generated, written to that file and returned once for printing.</li>
 * </ol>
 * While a configuration file for the console exists in a watched conf/ folder but has not reached Config Admin yet
 * (the component activates before FileInstall's first scan), the console stays closed instead of generating
 * credentials that the file replaces a second later.
 */
final class ConsoleCredentialResolver {

    static final String ENV_PASSWORD = "PLANTWIRE_CONSOLE_PASSWORD";
    static final String ENV_USERNAME = "PLANTWIRE_CONSOLE_USERNAME";
    static final String DEFAULT_USERNAME = "plantwire";

    // No 0/O/1/l/I: an operator copies this from a terminal, sometimes onto paper.
    private static final char[] ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    static final int GENERATED_LENGTH = 24;

    /** What the configuration says; empty strings mean "not set". */
    record Configured(String username, String password, String passwordHash) {
        @Override
        public String toString() {
            return "Configured[username=" + username + ", password=" + (password.isEmpty() ? "" : "***")
                    + ", passwordHash=" + (passwordHash.isEmpty() ? "" : "***") + "]";
        }
    }

    /** The chosen account, plus the generated password when this call generated it (to be shown once). */
    record Resolution(ConsoleCredentials credentials, Optional<String> generatedPassword, Path credentialsFile) {
    }

    private final Map<String, String> environment;
    private final CredentialsFile credentialsFile;
    private final SecureRandom random;

    ConsoleCredentialResolver(Map<String, String> environment, Path dataDirectory, SecureRandom random) {
        this.environment = environment;
        this.credentialsFile = new CredentialsFile(dataDirectory.resolve(CredentialsFile.FILE_NAME));
        this.random = random;
    }

    Resolution resolve(Configured configured) throws IOException {
        return resolve(configured, Optional.empty());
    }

    /**
     * @param pendingConfigurationFile a conf/ file for this PID whose configuration has not been delivered yet
     */
    Resolution resolve(Configured configured, Optional<Path> pendingConfigurationFile) throws IOException {
        if (pendingConfigurationFile.isPresent()) {
            PasswordHash unguessable = PasswordHash.of(generatePassword() + generatePassword(), random,
                    PasswordHash.MIN_ITERATIONS);
            return new Resolution(new ConsoleCredentials(DEFAULT_USERNAME, unguessable,
                    ConsoleCredentials.Source.PENDING_CONFIGURATION, random), Optional.empty(),
                    credentialsFile.path());
        }
        String configuredUser = configured.username() == null || configured.username().isBlank()
                ? DEFAULT_USERNAME : configured.username().trim();
        CredentialPolicy.checkUsername("username", configuredUser);

        String hash = nullToEmpty(configured.passwordHash()).trim();
        String password = nullToEmpty(configured.password());
        if (!hash.isEmpty() && !password.isEmpty()) {
            throw new IllegalArgumentException("password and password.hash are both set; set only one");
        }
        if (!hash.isEmpty()) {
            PasswordHash parsed;
            try {
                parsed = PasswordHash.parse(hash);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("password.hash is invalid: " + e.getMessage() + "; value not shown");
            }
            return configured(configuredUser, parsed, ConsoleCredentials.Source.CONFIGURATION);
        }
        if (!password.isEmpty()) {
            CredentialPolicy.checkPassword("password", configuredUser, password);
            return configured(configuredUser, PasswordHash.of(password, random), ConsoleCredentials.Source.CONFIGURATION);
        }

        String envPassword = nullToEmpty(environment.get(ENV_PASSWORD));
        if (!envPassword.isEmpty()) {
            String envUser = nullToEmpty(environment.get(ENV_USERNAME)).trim();
            String user = envUser.isEmpty() ? configuredUser : envUser;
            CredentialPolicy.checkUsername(ENV_USERNAME, user);
            CredentialPolicy.checkPassword(ENV_PASSWORD, user, envPassword);
            return configured(user, PasswordHash.of(envPassword, random), ConsoleCredentials.Source.ENVIRONMENT);
        }

        Optional<BasicCredentials> stored = credentialsFile.read();
        if (stored.isPresent()) {
            BasicCredentials s = stored.get();
            String field = credentialsFile.path() + " ";
            CredentialPolicy.checkUsername(field + "username", s.username());
            CredentialPolicy.checkPassword(field + "password", s.username(), s.password());
            return configured(s.username(), PasswordHash.of(s.password(), random),
                    ConsoleCredentials.Source.CREDENTIALS_FILE);
        }

        String generated = generatePassword();
        credentialsFile.write(new BasicCredentials(configuredUser, generated));
        // Stretching protects passwords people choose; a generated one has ~140 bits of entropy (24 characters of 57)
        // and needs none, so it gets the minimum count: ~0.4 s less CPU on the first start's critical path (C1 has
        // no SHA intrinsic), and each wrong guess still costs a full check.
        ConsoleCredentials credentials = new ConsoleCredentials(configuredUser,
                PasswordHash.of(generated, random, PasswordHash.MIN_ITERATIONS), ConsoleCredentials.Source.GENERATED,
                random);
        return new Resolution(credentials, Optional.of(generated), credentialsFile.path());
    }

    String generatePassword() {
        char[] chars = new char[GENERATED_LENGTH];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }

    private Resolution configured(String user, PasswordHash hash, ConsoleCredentials.Source source) {
        return new Resolution(new ConsoleCredentials(user, hash, source, random), Optional.empty(),
                credentialsFile.path());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
