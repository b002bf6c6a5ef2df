using System.Text;
using Microsoft.AspNetCore.Mvc;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.OptOuts;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Web.Endpoints.OptOuts;

/// <summary>The ledger's CSV export, for the Admin-only opt-outs page (the sign-in cookie, the current role checked against the store).</summary>
public static class OptOutEndpoints
{
    public const string ExportPath = Hosting.RoutePrefixes.Api + "/opt-outs/export.csv";
    public const int MaxExportRows = 1_000_000;

    public static IEndpointRouteBuilder MapOptOuts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ExportPath, ExportAsync)
            .RequireAuthorization(Policies.Admin)
            .AddEndpointFilter(new RequireCurrentActorFilter(AppPermission.ManageOptOuts))
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task ExportAsync(HttpContext http, [FromServices] OptOutLedger ledger, CancellationToken cancellationToken)
    {
        var numbers = await ledger.SearchAsync(null, optedOutOnly: false, MaxExportRows, cancellationToken);
        http.Response.ContentType = OptOutCsv.ContentType + "; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename={OptOutCsv.FileName}";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), leaveOpen: true);
        await OptOutCsv.WriteAsync(writer, numbers, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }
}
