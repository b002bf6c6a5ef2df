using SmsStatusTracker.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.UseRepositoryAppSettings();
builder.AddSmsStatusTracker();

var app = builder.Build();
app.UseSmsStatusTracker();
app.Run();
