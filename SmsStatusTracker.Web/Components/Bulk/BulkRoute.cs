namespace SmsStatusTracker.Web.Components.Bulk;

/// <summary>The bulk pages' addresses, declared once.</summary>
public static class BulkRoute
{
    public const string List = "/bulk";

    public static string For(Guid jobId) => $"/bulk/{jobId}";
}
