using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ActivityLog;

namespace SmsStatusTracker.Web.Cli;

/// <summary><c>users add|list|deactivate</c>, through the same <see cref="AccountService"/> as the admin pages.</summary>
internal static class UserCommands
{
    public static CliCommand Parse(IReadOnlyList<string> args) => args.FirstOrDefault() switch
    {
        "add" => ParseAdd(CliArguments.Parse(args.Skip(1), 1, "role")),
        "list" => ParseList(CliArguments.Parse(args.Skip(1), 0)),
        "deactivate" => ParseDeactivate(CliArguments.Parse(args.Skip(1), 1)),
        null => throw new CliUsageException("Missing the users command: add, list or deactivate."),
        var other => throw new CliUsageException($"Unknown users command '{other}': use add, list or deactivate."),
    };

    private static CliCommand ParseAdd(CliArguments args)
    {
        var email = CliArguments.Email(args.Positional(0, "<email>"));
        var requested = args.Option("role");
        var role = AppRoles.All.FirstOrDefault(r => string.Equals(r, requested, StringComparison.OrdinalIgnoreCase))
            ?? throw new CliUsageException($"Unknown role '{requested}': use {string.Join(", ", AppRoles.All)}.");
        return async (services, output, cancellationToken) =>
        {
            var result = await services.GetRequiredService<AccountService>().InviteAsync(email, role, cancellationToken);
            Require(result);
            await services.GetRequiredService<ActivityRecorder>().RecordAsync(ActivityActors.Console, ActivityKind.Invite, email, $"as {role}");
            await output.WriteLineAsync($"Added {email} as {role}.");
        };
    }

    private static CliCommand ParseList(CliArguments args) => async (services, output, cancellationToken) =>
    {
        var users = await services.GetRequiredService<AccountService>().ListAsync(cancellationToken);
        var width = users.Select(u => u.Email.Length).Append("EMAIL".Length).Max();
        await output.WriteLineAsync($"{"EMAIL".PadRight(width)}  {"ROLE",-8}  {"STATUS",-8}  {"CREATED (UTC)",-16}  LAST SIGN-IN (UTC)");
        foreach (var user in users)
        {
            await output.WriteLineAsync(
                $"{user.Email.PadRight(width)}  {user.Role,-8}  {(user.IsActive ? "active" : "inactive"),-8}  {Format(user.CreatedAt),-16}  {(user.LastSignInAt is { } at ? Format(at) : "never")}");
        }
    };

    private static CliCommand ParseDeactivate(CliArguments args)
    {
        var email = CliArguments.Email(args.Positional(0, "<email>"));
        return async (services, output, cancellationToken) =>
        {
            var accounts = services.GetRequiredService<AccountService>();
            var user = await accounts.FindByEmailAsync(email, cancellationToken) ?? throw new CliFailureException($"No user has the email {email}.");
            Require(await accounts.DeactivateAsync(user.Id, cancellationToken));
            await services.GetRequiredService<ActivityRecorder>().RecordAsync(ActivityActors.Console, ActivityKind.Deactivate, user.Email);
            await output.WriteLineAsync($"Deactivated {user.Email}.");
        };
    }

    private static void Require(AccountResult result)
    {
        if (!result.Succeeded)
        {
            throw new CliFailureException(result.Error ?? "The change was refused.");
        }
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
