namespace SmsStatusTracker.Core.Messages;

/// <summary>The character encoding an SMS body needs: GSM-7 when every character fits, else UCS-2.</summary>
public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}
