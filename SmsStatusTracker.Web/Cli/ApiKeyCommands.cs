using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ActivityLog;
using SmsStatusTracker.Core.ApiKeys;

namespace SmsStatusTracker.Web.Cli;

/// <summary><c>apikeys create|revoke</c>, through the same <see cref="ApiKeyService"/> as the app.</summary>
internal static class ApiKeyCommands
{
    public static CliCommand Parse(IReadOnlyList<string> args) => args.FirstOrDefault() switch
    {
        "create" => ParseCreate(CliArguments.Parse(args.Skip(1), 0, "user", "name")),
        "revoke" => ParseRevoke(CliArguments.Parse(args.Skip(1), 1)),
        null => throw new CliUsageException("Missing the apikeys command: create or revoke."),
        var other => throw new CliUsageException($"Unknown apikeys command '{other}': use create or revoke."),
    };

    private static CliCommand ParseCreate(CliArguments args)
    {
        var email = CliArguments.Email(args.Option("user"));
        var name = args.Option("name").Trim();
        if (name.Length is 0 or > 100)
        {
            throw new CliUsageException("--name must be 1 to 100 characters.");
        }

        return async (services, output, cancellationToken) =>
        {
            var user = await services.GetRequiredService<AccountService>().FindByEmailAsync(email, cancellationToken)
                ?? throw new CliFailureException($"No user has the email {email}.");
            if (!user.IsActive)
            {
                throw new CliFailureException($"{user.Email} is deactivated: a key would act as nobody.");
            }

            var (key, token) = await services.GetRequiredService<ApiKeyService>().CreateAsync(user.Id, name, cancellationToken);
            await services.GetRequiredService<ActivityRecorder>().RecordAsync(ActivityActors.Console, ActivityKind.ApiKeyCreated, key.Name, $"key {key.Id} of {user.Email}");
            // The token exists only here: the store keeps its hash.
            await output.WriteLineAsync($"Created API key '{key.Name}' for {user.Email} ({user.Role}).");
            await output.WriteLineAsync($"id:    {key.Id}");
            await output.WriteLineAsync($"token: {token}");
            await output.WriteLineAsync("The token is shown only this once: store it now.");
        };
    }

    private static CliCommand ParseRevoke(CliArguments args)
    {
        var text = args.Positional(0, "<id>");
        if (!Guid.TryParse(text, out var id))
        {
            throw new CliUsageException($"'{text}' is not an API key id.");
        }

        return async (services, output, cancellationToken) =>
        {
            var keys = services.GetRequiredService<ApiKeyService>();
            if (!await keys.RevokeAsync(id, cancellationToken))
            {
                throw new CliFailureException($"No API key has the id {id}.");
            }

            await services.GetRequiredService<ActivityRecorder>().RecordAsync(ActivityActors.Console, ActivityKind.ApiKeyRevoked, (await keys.FindAsync(id, cancellationToken))?.Name ?? id.ToString(), $"key {id}");

            await output.WriteLineAsync($"Revoked API key {id}.");
        };
    }
}
