using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Web.Endpoints.Messages;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// Paging <c>GET /api/messages</c> by cursor (docs/api.md, "Pagination") while messages keep arriving: the walk by
/// <c>before</c> sees every message that existed when it started exactly once; the new ones are at the top. Offset paging (<c>page</c>) shifts under the same inserts, which is why scripts use cursors.
/// </summary>
public sealed class CursorPagingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PagingByCursorWhileMessagesAreInsertedNeitherSkipsNorRepeats()
    {
        using var app = new TrackerApp();
        using var http = await ViewerAsync(app);
        var existing = new List<Guid>();
        for (var i = 0; i < 23; i++)
        {
            existing.Add((await app.AddQueuedMessageAsync()).Id);
        }

        var seen = new List<Guid>();
        var inserted = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await GetAsync(http, cursor is null ? "pageSize=5" : $"pageSize=5&before={Uri.EscapeDataString(cursor)}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("older").GetString();
            // Two new messages land between every two pages.
            inserted.Add((await app.AddQueuedMessageAsync()).Id);
            inserted.Add((await app.AddQueuedMessageAsync()).Id);
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        // Messages created in the same millisecond are ordered by id, so compare as sets.
        Assert.Equal(existing.Order(), seen.Order());
        var top = await GetAsync(http, $"pageSize={inserted.Count}");
        Assert.Equal(inserted.Order(), top.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).Order());
    }

    [Fact]
    public async Task PagingByPageNumberUnderTheSameInsertsRepeatsMessages()
    {
        using var app = new TrackerApp();
        using var http = await ViewerAsync(app);
        for (var i = 0; i < 10; i++)
        {
            await app.AddQueuedMessageAsync();
        }

        var first = await GetAsync(http, "pageSize=5&page=1");
        await app.AddQueuedMessageAsync();
        var second = await GetAsync(http, "pageSize=5&page=2");

        // The message that was last on page 1 is first on page 2: the offset moved with the insert.
        Assert.Equal(
            first.GetProperty("items")[4].GetProperty("id").GetGuid(),
            second.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string query)
    {
        using var response = await http.GetAsync($"{MessageEndpoints.Path}?{query}", Ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static async Task<HttpClient> ViewerAsync(TrackerApp app)
    {
        var invited = await app.Accounts.InviteAsync($"pager-{Guid.NewGuid():N}@example.com", AppRoles.Viewer, Ct);
        Assert.True(invited.Succeeded, invited.Error);
        var (_, token) = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(invited.UserId!, "pager", Ct);
        var http = app.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
