package io.plantwire.config.files.itest;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The configurations FileInstall created from the files of one folder, for the tests' clean-up. */
final class FolderConfigurations {

    private FolderConfigurations() {
    }

    /**
     * Deletes every configuration whose {@code felix.fileinstall.filename} lies directly in {@code folder}.
     *
     * @return their files (the write-back deletes them on its own thread)
     */
    static List<Path> delete(ConfigurationAdmin configurationAdmin, Path folder)
            throws IOException, InvalidSyntaxException {
        Configuration[] fromFiles = configurationAdmin.listConfigurations("(felix.fileinstall.filename=*)");
        List<Path> files = new ArrayList<>();
        for (Configuration c : fromFiles != null ? fromFiles : new Configuration[0]) {
            // FileInstall writes file:/tmp/..., Path.toUri() gives file:///tmp/...: compare paths, not strings.
            Path file = Path.of(URI.create(c.getProperties().get("felix.fileinstall.filename").toString()));
            if (folder.equals(file.getParent())) {
                c.delete();
                files.add(file);
            }
        }
        return files;
    }
}
