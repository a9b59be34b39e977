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
}
