using SmsStatusTracker.Web.Endpoints.StatusCallbacks.Doctor;

namespace SmsStatusTracker.Web.Endpoints.StatusCallbacks;

public static class WebhookDoctorRegistration
{
    /// <summary>The webhook doctor's per-instance log of rejected Twilio posts and its recorder.</summary>
    public static IServiceCollection AddWebhookDoctor(this IServiceCollection services) => services
        .AddSingleton<RejectedCallbackLog>()
        .AddSingleton<RejectedCallbackRecorder>();
}
