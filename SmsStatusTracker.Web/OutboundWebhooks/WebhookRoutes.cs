namespace SmsStatusTracker.Web.OutboundWebhooks;

/// <summary>The Admin pages of outbound webhooks.</summary>
public static class WebhookRoutes
{
    public const string List = "/admin/webhooks";

    public static string For(string endpointId) => $"{List}/{Uri.EscapeDataString(endpointId)}";
}
