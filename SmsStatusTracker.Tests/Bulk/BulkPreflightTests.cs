using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Bulk;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.OptOuts;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Endpoints.Bulk;

namespace SmsStatusTracker.Tests.Bulk;

/// <summary>Preflight finds each kind of problem, per row, before anything is sent; and refuses files it cannot use as a whole.</summary>
public sealed class BulkPreflightTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-preflight-{Guid.NewGuid():N}.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachCategoryIsDetectedOnItsRowWithTheReason()
    {
        await OptOutAsync("+14155550199");
        var report = await CheckAsync(
            """
            to,body
            +14155550101,Hello there
            not a number,Hello
            (415) 555-0101,Same person written nationally
            +14155550199,To someone who replied STOP
            +14155550102,
            +14155550103,Bad \u0001 char
            """.Replace("\\u0001", "\u0001"));

        Assert.Null(Row(report, 1).Exclusion);
        Assert.Equal(BulkExclusion.InvalidNumber, Row(report, 2).Exclusion);
        Assert.Equal(BulkExclusion.Duplicate, Row(report, 3).Exclusion);
        Assert.Contains("row 1", Row(report, 3).Reason, StringComparison.Ordinal);
        Assert.Equal(BulkExclusion.OptedOut, Row(report, 4).Exclusion);
        Assert.Equal(BulkExclusion.InvalidBody, Row(report, 5).Exclusion);
        Assert.Equal(BulkExclusion.InvalidBody, Row(report, 6).Exclusion);
        Assert.Equal(1, report.ToSend);
    }

    [Fact]
    public async Task ATemplateIsFilledPerRowAndARowMissingAValueIsATemplateError()
    {
        var report = await CheckAsync(
            """
            to,name,code
            +14155550101,Ada,1234
            +14155550102,,5678
            """,
            template: "Hi {{name}}, your code is {{ code }}.");

        Assert.Equal("Hi Ada, your code is 1234.", Row(report, 1).Body);
        Assert.Equal(BulkExclusion.TemplateError, Row(report, 2).Exclusion);
        Assert.Contains("'name'", Row(report, 2).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SegmentsAndEncodingAreCountedPerRowAndInTotal()
    {
        var report = await CheckAsync(
            $"""
            to,body
            +14155550101,Short
            +14155550102,{new string('a', 161)}
            +14155550103,Grüße 😀
            """);

        Assert.Equal((SmsEncoding.Gsm7, 1), (Row(report, 1).Encoding, Row(report, 1).Segments));
        Assert.Equal((SmsEncoding.Gsm7, 2), (Row(report, 2).Encoding, Row(report, 2).Segments));
        Assert.Equal(SmsEncoding.Ucs2, Row(report, 3).Encoding);
        Assert.Equal(4, report.TotalSegments);
        Assert.Equal(1, report.Ucs2Rows);
    }

    [Theory]
    [InlineData("number,body\n+14155550101,x\n", null, "file", "'to' column")]
    [InlineData("to,text\n+14155550101,x\n", null, "file", "'body' column")]
    [InlineData("to,name\n+14155550101,x\n", "Hi {{first_name}}", "template", "{{first_name}}")]
    [InlineData("to,body\n", null, "file", "no rows")]
    public void AFileThatCannotBeUsedAsAWholeIsRefusedSayingWhy(string csv, string? template, string key, string expected)
    {
        var (sheet, error) = BulkCsv.Read(new StringReader(csv), 100);
        Assert.Null(error);

        var refused = Assert.Throws<SendSmsValidationException>(() => BulkPreflight.Candidates(sheet!, template));

        Assert.Contains(expected, refused.Errors[key][0], StringComparison.Ordinal);
    }

    [Fact]
    public void AFileOverTheRowLimitIsRefusedNamingTheKey()
    {
        var csv = "to,body\n" + string.Concat(Enumerable.Range(0, 11).Select(i => $"+1415555{i:D4},x\n"));

        var (sheet, error) = BulkCsv.Read(new StringReader(csv), maxRows: 10);

        Assert.Null(sheet);
        Assert.Contains("Bulk:MaxRows", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileOverTheSizeLimitIsRefusedNamingTheKey()
    {
        var upload = new BulkUpload(Microsoft.Extensions.Options.Options.Create(new BulkOptions { MaxFileBytes = 2048 }));
        using var big = new MemoryStream(System.Text.Encoding.UTF8.GetBytes("to,body\n" + string.Concat(Enumerable.Repeat("+14155550101,hello\n", 200))));

        var refused = await Assert.ThrowsAsync<SendSmsValidationException>(() => upload.ReadAsync(big, null, Ct));

        Assert.Contains("Bulk:MaxFileBytes", refused.Errors["file"][0], StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        SqliteTestFile.Delete(path);
    }

    private static BulkPreflightRow Row(BulkPreflightReport report, int number) => report.Rows.Single(r => r.RowNumber == number);

    private async Task<BulkPreflightReport> CheckAsync(string csv, string? template = null)
    {
        var (sheet, error) = BulkCsv.Read(new StringReader(csv), 1000);
        Assert.Null(error);
        var preflight = new BulkPreflight(new SqliteBulkJobStore(Sqlite), Microsoft.Extensions.Options.Options.Create(new SmsOptions { DefaultRegion = "US" }));
        return await preflight.CheckAsync(BulkPreflight.Candidates(sheet!, template), Ct);
    }

    private Task OptOutAsync(string number) => new SqliteOptOutStore(Sqlite).AppendAsync(
        new OptOutEntry { Id = Guid.NewGuid(), Number = number, Action = OptOutAction.OptedOut, Source = OptOutSource.Keyword, At = DateTimeOffset.UtcNow, Actor = number, Detail = "STOP" },
        Ct);

    private SqliteStoreOptions Sqlite => new($"Data Source={path}");
}
