using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Twilio;

/// <summary>Checks the Twilio section at startup; every message names the key to set.</summary>
public sealed partial class TwilioOptionsValidator : IValidateOptions<TwilioOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        var failures = new List<string>();
        var live = options.Mode == TwilioMode.Live;

        if (live && string.IsNullOrWhiteSpace(options.AccountSid))
        {
            failures.Add("Twilio:AccountSid is required when Twilio:Mode is Live (find it in the Twilio Console).");
        }
        else if (options.AccountSid is { Length: > 0 } sid && !AccountSidPattern().IsMatch(sid))
        {
            failures.Add("Twilio:AccountSid must look like AC followed by 32 hex characters.");
        }

        if (live && string.IsNullOrWhiteSpace(options.AuthToken))
        {
            failures.Add("Twilio:AuthToken is required when Twilio:Mode is Live (set it with user-secrets or the Twilio__AuthToken environment variable).");
        }

        if (live && string.IsNullOrWhiteSpace(options.From) && string.IsNullOrWhiteSpace(options.MessagingServiceSid))
        {
            failures.Add("Twilio:From or Twilio:MessagingServiceSid is required when Twilio:Mode is Live.");
        }

        if (options.From is { Length: > 0 } from && !E164Pattern().IsMatch(from))
        {
            failures.Add("Twilio:From must be a phone number in E.164 form, e.g. +15017122661.");
        }

        if (options.MessagingServiceSid is { Length: > 0 } service && !MessagingServiceSidPattern().IsMatch(service))
        {
            failures.Add("Twilio:MessagingServiceSid must look like MG followed by 32 hex characters.");
        }

        if (live && string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            failures.Add("Twilio:PublicBaseUrl is required when Twilio:Mode is Live: the public https URL Twilio sends status callbacks to (e.g. your ngrok URL).");
        }
        else if (options.PublicBaseUrl is { Length: > 0 } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0))
        {
            failures.Add("Twilio:PublicBaseUrl must be an absolute http(s) URL without query or fragment, e.g. https://abc123.ngrok.app.");
        }

        if (options.ConnectRetries is < 0 or > 10)
        {
            failures.Add("Twilio:ConnectRetries must be between 0 and 10.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add("Twilio:RequestTimeout must be positive, e.g. 00:00:30.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial Regex AccountSidPattern();

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$")]
    private static partial Regex MessagingServiceSidPattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164Pattern();
}
