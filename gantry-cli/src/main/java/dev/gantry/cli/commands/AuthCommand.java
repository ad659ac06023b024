package dev.gantry.cli.commands;

import dev.gantry.cli.output.Output;
import dev.gantry.error.InvalidInputException;
import dev.gantry.ref.Reference;
import dev.gantry.registry.client.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code gantry auth token}: what crane auth token does, for curl and scripts. */
@Command(name = "auth", description = "Registry authentication helpers.", subcommands = AuthCommand.Token.class)
public final class AuthCommand {
    @Command(name = "token",
            description = {"Print a bearer token for a repository, from the registry's token server, with the credentials "
                    + "later commands would use (--creds, the credentials file, else anonymous): for curl and scripts.",
                    "The scope is pull, or pull,push with --push. A registry without token authentication is an error."})
    public static final class Token implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "REPO", description = "[docker://]HOST/REPO")
        String repository;

        @Option(names = "--push", description = "ask for push access too")
        boolean push;

        @Option(names = {"-H", "--header"}, description = "print it as an HTTP header line: Authorization: Bearer TOKEN")
        boolean header;

        @Option(names = "--json", description = "machine-readable JSON output")
        boolean json;

        @Mixin
        RemoteOptionsMixin remote;

        record Result(String registry, String scope, String token) {
        }

        @Override
        public Integer call() throws Exception {
            Reference reference = RemoteOptionsMixin.registryReference(repository);
            RegistryClient client = remote.client(reference);
            String scope = "repository:" + client.repository() + ":" + (push ? "pull,push" : "pull");
            client.session().checkCredentials(); // the registry's challenge says how it authenticates
            String authorization = client.session().authenticator().authorization(scope);
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                throw new InvalidInputException(reference.domain() + (authorization == null
                        ? " asks for no authentication: there is no token to get"
                        : " uses Basic authentication, not tokens: send the credentials themselves"));
            }
            String token = authorization.substring("Bearer ".length());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Output.json(out, new Result(reference.domain(), scope, token));
            } else {
                out.println(header ? "Authorization: " + authorization : token);
                out.flush();
            }
            return 0;
        }
    }
}
