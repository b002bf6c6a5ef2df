using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Accounts;

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        foreach (var email in options.BootstrapAdmins.Where(e => !string.IsNullOrWhiteSpace(e)))
        {
            if (!AccountService.TryNormalizeEmail(email, out _))
            {
                failures.Add($"Auth:BootstrapAdmins contains '{email}', which is not an email address.");
            }
        }

        if (options.SignInLinkLifetime <= TimeSpan.Zero)
        {
            failures.Add("Auth:SignInLinkLifetime must be positive (e.g. 00:15:00).");
        }

        if (options.SessionValidationInterval < TimeSpan.Zero)
        {
            failures.Add("Auth:SessionValidationInterval must not be negative (e.g. 00:00:10).");
        }

        if (options.SessionLifetime <= TimeSpan.Zero)
        {
            failures.Add("Auth:SessionLifetime must be positive (e.g. 14.00:00:00).");
        }

        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl) && !Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out _))
        {
            failures.Add("Auth:PublicBaseUrl must be an absolute URL such as https://sms.example.com.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
