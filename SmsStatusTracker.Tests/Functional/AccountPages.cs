using System.Net;
using System.Text.RegularExpressions;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>Drives the static (server-rendered) account forms over plain HTTP, antiforgery token included.</summary>
public static partial class AccountPages
{
    /// <summary>Posts the page's form with its hidden fields (antiforgery token, handler name) plus <paramref name="fields"/>.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(HttpClient client, Uri page, IDictionary<string, string>? fields = null, string? formHtml = null)
    {
        var html = formHtml ?? await client.GetStringAsync(page, TestContext.Current.CancellationToken);
        var form = Form().Match(html);
        Assert.True(form.Success, $"No form on {page}: {html[..Math.Min(html.Length, 400)]}");
        var values = HiddenInputs(form.Value);
        foreach (var (key, value) in fields ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        var action = WebUtility.HtmlDecode(ActionOf().Match(form.Value) is { Success: true } a ? a.Groups[1].Value : page.PathAndQuery);
        var target = new Uri(page, string.IsNullOrEmpty(action) ? page.PathAndQuery : action);
        return await client.PostAsync(target, new FormUrlEncodedContent(values), TestContext.Current.CancellationToken);
    }

    /// <summary>Opens the emailed link and presses its Sign in button.</summary>
    public static async Task<HttpResponseMessage> FollowSignInLinkAsync(HttpClient client, Uri link)
    {
        var page = await client.GetAsync(link, TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (!page.IsSuccessStatusCode)
        {
            return page;
        }

        return await SubmitFormAsync(client, link, formHtml: html);
    }

    public static async Task<HttpResponseMessage> RequestLinkAsync(HttpClient client, string email) =>
        await SubmitFormAsync(client, new Uri(client.BaseAddress!, IdentityRegistration.SignInPath), new Dictionary<string, string> { ["Input.Email"] = email });

    /// <summary>The page without what legitimately differs per response: antiforgery tokens, CSP nonces, random
    /// element ids and the encrypted component state.</summary>
    public static string WithoutPerResponseValues(string html) =>
        ComponentState().Replace(Guid().Replace(PerResponseValue().Replace(html, "$1\"…\""), "{guid}"), "<!--state-->");

    private static Dictionary<string, string> HiddenInputs(string form)
    {
        var values = new Dictionary<string, string>();
        foreach (Match input in Input().Matches(form))
        {
            var tag = input.Value;
            if (!tag.Contains("type=\"hidden\"", StringComparison.Ordinal))
            {
                continue;
            }

            var name = Attribute("name", tag);
            if (name is not null)
            {
                values[WebUtility.HtmlDecode(name)] = WebUtility.HtmlDecode(Attribute("value", tag) ?? "");
            }
        }

        return values;
    }

    private static string? Attribute(string name, string tag) =>
        Regex.Match(tag, $"\\b{name}=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("<form[\\s\\S]*?</form>")]
    private static partial Regex Form();

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex Input();

    [GeneratedRegex("^<form[^>]*\\baction=\"([^\"]*)\"")]
    private static partial Regex ActionOf();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex("<!--Blazor-Server-Component-State:[^-]*-->")]
    private static partial Regex ComponentState();

    [GeneratedRegex("((?:value|nonce)=)\"[^\"]*\"")]
    private static partial Regex PerResponseValue();
}
