// Bridge while Endpoints/MessageEndpoints.cs (owned by the sending work) still finds RateLimitOptions and
// RateLimitRegistration through `using SmsStatusTracker.Web.Identity;`: once it says
// `using SmsStatusTracker.Web.RateLimiting;` itself, delete this file.
global using SmsStatusTracker.Web.RateLimiting;
