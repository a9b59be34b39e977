package io.plantwire.config.files.internal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The secrets folder(s) the interpolation plugin reads {@code $[secret:name]} from (framework property
 * {@value #SECRETS_DIR_PROPERTY}; the gateway sets {@code <home>/secrets}), and the rule Plantwire adds: a secret file
 * is used only when neither group nor others have any permission on it (0600 or 0400) and it lies inside the folder
 * (also after following symbolic links).
 */
final class SecretFolder {

    /** The interpolation plugin's framework property: a folder, or several separated by commas. */
    static final String SECRETS_DIR_PROPERTY = "org.apache.felix.configadmin.plugin.interpolation.secretsdir";
    /** The interpolation plugin's framework property for the encoding of secret files (default: the platform's). */
    static final String ENCODING_PROPERTY = "org.apache.felix.configadmin.plugin.interpolation.file.encoding";

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** What a secret name refers to. */
    enum State {
        /** A regular file inside the folder, owner-only. */
        USABLE,
        /** No folder is configured, or no file has that name. */
        MISSING,
        /** The file exists, but is not used: why says why. */
        REFUSED
    }

    /** The outcome of looking a name up: the file (null when no folder is configured) and, if refused, why. */
    record Check(State state, Path file, String why) {
    }

    private final List<Path> folders;
    private final Charset encoding;

    SecretFolder(String property, String encodingProperty) {
        List<Path> list = new ArrayList<>();
        if (property != null) {
            for (String entry : property.split("\\s*,\\s*")) {
                if (!entry.isBlank()) {
                    list.add(Path.of(entry.trim()).toAbsolutePath().normalize());
                }
            }
        }
        this.folders = List.copyOf(list);
        Charset c = StandardCharsets.UTF_8;
        try {
            c = encodingProperty == null || encodingProperty.isBlank() ? Charset.defaultCharset()
                    : Charset.forName(encodingProperty.trim());
        } catch (IllegalArgumentException e) {
            // the plugin fails to start with such a value; nothing is resolved then
        }
        this.encoding = c;
    }

    List<Path> folders() {
        return folders;
    }

    /** Looks a secret name up as the plugin does (first folder holding the name wins) and applies the rule. */
    Check check(String name) {
        if (folders.isEmpty()) {
            return new Check(State.MISSING, null, "no secrets folder is configured (" + SECRETS_DIR_PROPERTY + ")");
        }
        if (name.isEmpty() || name.contains("..")) {
            return new Check(State.REFUSED, null, "the name '" + name + "' leaves the secrets folder");
        }
        for (Path folder : folders) {
            Path file;
            try {
                file = folder.resolve(name).normalize();
            } catch (InvalidPathException e) {
                return new Check(State.REFUSED, null, "the name '" + name + "' is not a file name");
            }
            if (!file.startsWith(folder)) {
                return new Check(State.REFUSED, file, "the name '" + name + "' leaves the secrets folder");
            }
            if (Files.exists(file)) {
                return checkFile(folder, file);
            }
        }
        return new Check(State.MISSING, folders.get(0).resolve(name).normalize(), "no such file");
    }

    private static Check checkFile(Path folder, Path file) {
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(folder.toRealPath())) {
                return new Check(State.REFUSED, file, "it is a link to " + real + ", outside the secrets folder");
            }
            if (!Files.isRegularFile(real)) {
                return new Check(State.REFUSED, file, "it is not a regular file");
            }
            PosixFileAttributeView view = Files.getFileAttributeView(real, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (view != null) {
                Set<PosixFilePermission> permissions = view.readAttributes().permissions();
                if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                    return new Check(State.REFUSED, file, "its permissions are "
                            + PosixFilePermissions.toString(permissions)
                            + ": group or others may use it; make it owner-only (chmod 600 " + file + ")");
                }
            }
            return new Check(State.USABLE, file, "");
        } catch (IOException e) {
            return new Check(State.REFUSED, file, "it cannot be read: " + e);
        }
    }

    /** The secret's value as the plugin resolves it (trimmed), if the rule allows its use. */
    Optional<String> read(String name) {
        Check check = check(name);
        if (check.state() != State.USABLE) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Files.readAllBytes(check.file()), encoding).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
