using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;

namespace SmsStatusTracker.Web.Components.Messages;

/// <summary>
/// What this reader sees times in, and how they like the log, for one circuit. The server cannot know the browser's
/// time zone, so times show in UTC until the first component showing a time has rendered and asked the browser
/// (<c>Intl.DateTimeFormat().resolvedOptions().timeZone</c>); then every time on the page follows, and the reader
/// can switch to UTC. Cascaded to components (see <see cref="ReaderSettingsRegistration"/>), which re-render on a change.
/// </summary>
/// <remarks>
/// The choices (UTC, columns, density) are kept in the browser's localStorage under the user's id: they are about
/// this reader at this screen (a phone wants fewer columns than a desktop), they need no schema in either store, and
/// a second user on the same browser gets their own. Clearing the browser's storage resets them to the defaults.
/// </remarks>
public sealed class ReaderSettings(IJSRuntime js, AuthenticationStateProvider authentication, ILogger<ReaderSettings> logger)
{
    public const string ModulePath = "./js/reader-settings.js";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private Task? loading;
    private string? storageKey;

    /// <summary>The zone the browser reports; UTC until it has answered (or when it names a zone this server lacks).</summary>
    public TimeZoneInfo BrowserZone { get; private set; } = TimeZoneInfo.Utc;

    public bool UseUtc { get; private set; }

    /// <summary>The zone times are shown in.</summary>
    public TimeZoneInfo Zone => UseUtc ? TimeZoneInfo.Utc : BrowserZone;

    public string ZoneName => Name(Zone);

    public LogView View { get; private set; } = LogView.Default;

    /// <summary>Raised after any change; the cascade re-renders every component that shows a time.</summary>
    public event Func<Task>? Changed;

    public static string Name(TimeZoneInfo zone) => zone == TimeZoneInfo.Utc ? "UTC" : zone.Id;

    /// <summary>Asks the browser once per circuit; later calls wait for the same answer. Call after a render.</summary>
    public Task LoadAsync() => loading ??= ReadAsync();

    public Task SetUseUtcAsync(bool useUtc) => UpdateAsync(() => UseUtc = useUtc);

    public Task SetViewAsync(LogView view) => UpdateAsync(() => View = view);

    private async Task UpdateAsync(Action change)
    {
        change();
        await NotifyAsync();
        if (storageKey is null)
        {
            return;
        }

        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
            await module.InvokeVoidAsync("save", storageKey, JsonSerializer.Serialize(new Saved(UseUtc, View.Columns.Select(c => c.ToString()).ToArray(), View.Dense), Json));
        }
        catch (Exception exception) when (exception is JSException or JSDisconnectedException or TaskCanceledException or InvalidOperationException)
        {
            logger.LogDebug(exception, "The reader's view was not saved in the browser");
        }
    }

    private async Task ReadAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var userId = state.User.FindFirstValue(ClaimTypes.NameIdentifier);
        storageKey = userId is null ? null : $"sst.reader.{userId}";
        BrowserAnswer? answer;
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
            answer = await module.InvokeAsync<BrowserAnswer?>("read", storageKey ?? "sst.reader.anonymous");
        }
        catch (Exception exception) when (exception is JSException or JSDisconnectedException or TaskCanceledException or InvalidOperationException)
        {
            // Prerendering, or a browser that went away: UTC, which the page says.
            logger.LogDebug(exception, "The browser's time zone could not be read");
            return;
        }

        if (answer?.TimeZone is { Length: > 0 } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            BrowserZone = zone;
        }

        if (userId is not null && Parse(answer?.Saved) is { } saved)
        {
            UseUtc = saved.Utc;
            View = new LogView(
                (saved.Columns ?? []).Select(name => Enum.TryParse<LogColumn>(name, out var column) ? column : (LogColumn?)null).OfType<LogColumn>().ToHashSet(),
                saved.Dense);
        }

        await NotifyAsync();
    }

    private async Task NotifyAsync()
    {
        if (Changed is { } changed)
        {
            await changed();
        }
    }

    // Written by an earlier version, or edited by hand: anything unreadable means the defaults.
    private static Saved? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Saved>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What the browser module's <c>read</c> returns: its IANA zone and the view saved under this user.</summary>
    public sealed record BrowserAnswer(string? TimeZone, string? Saved);

    private sealed record Saved(bool Utc, string[]? Columns, bool Dense);
}

public static class ReaderSettingsRegistration
{
    /// <summary>One <see cref="ReaderSettings"/> per circuit, cascaded to every component, which re-renders when it changes.</summary>
    public static IServiceCollection AddReaderSettings(this IServiceCollection services)
    {
        services.AddScoped<ReaderSettings>();
        services.AddCascadingValue(sp =>
        {
            var settings = sp.GetRequiredService<ReaderSettings>();
            var source = new CascadingValueSource<ReaderSettings>(settings, isFixed: false);
            settings.Changed += () => source.NotifyChangedAsync();
            return source;
        });
        return services;
    }
}
