using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Web.Email;

public static class EmailRegistration
{
    /// <summary>
    /// SMTP through MailKit when <c>Smtp:Host</c> is set. Without it, Development keeps mail in the
    /// /dev/mailbox outbox and every other environment refuses to start, naming the key.
    /// </summary>
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();

        var smtp = configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new SmtpOptions();
        if (smtp.HasHost)
        {
            services.AddSingleton<IMailSender, SmtpMailSender>();
        }
        else if (environment.IsDevelopment())
        {
            services.AddSingleton<DevOutbox>();
            services.AddSingleton<IMailSender>(sp => sp.GetRequiredService<DevOutbox>());
        }
        else
        {
            throw new InvalidOperationException(
                $"Smtp:Host is required outside Development: sign-in links are emailed. Set Smtp:Host (and Smtp:Port, Smtp:User, " +
                $"Smtp:Password, Smtp:From, Smtp:Security) in user-secrets or environment variables (Smtp__Host). Environment: {environment.EnvironmentName}.");
        }

        return services;
    }
}
