namespace SmartShop.Server.Hosting;

/// <summary>A bad configuration setting found at start-up: the message names the key and why; the server exits with 2.</summary>
public class SettingException(string message) : Exception(message);
