using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Web.Email;

/// <summary>
/// Checks the <c>Smtp</c> section at startup; every message names the key to set. Whether <c>Smtp:Host</c> may be
/// empty depends on the environment and is decided where the mail sender is chosen (<see cref="EmailRegistration"/>).
/// </summary>
public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{SmtpOptions.Section}:{nameof(SmtpOptions.Port)} must be between 1 and 65535.");
        }

        if (!MimeKit.MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add($"{SmtpOptions.Section}:{nameof(SmtpOptions.From)} must be an address such as \"SMS Status Tracker <no-reply@example.com>\".");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
