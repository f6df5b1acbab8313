package dev.portico.cli;

import dev.portico.deploy.AppSource;
import dev.portico.server.ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The command line, understood.
 *
 * @param server    engine options
 * @param apps      the apps, in command-line order (the first gets --static)
 * @param staticDir --static, or null
 * @param accessLog null for none, "-" for stdout, else a file
 * @param reload    --reload
 * @param trace     --trace
 * @param action    HELP or VERSION when that was asked for instead of a server, else null
 * @param staticDotfiles --static-dotfiles: names starting with "." under staticDir are served too
 * @param healthPath --health, or null
 * @param drain     --drain
 */
record Settings(ServerOptions server, List<AppSource> apps, Path staticDir, String accessLog, boolean reload,
                boolean trace, Option action, boolean staticDotfiles, String healthPath, Duration drain) {
    Settings(ServerOptions server, List<AppSource> apps, Path staticDir, String accessLog, boolean reload,
             boolean trace, Option action) {
        this(server, apps, staticDir, accessLog, reload, trace, action, false, null, Duration.ZERO);
    }
}
