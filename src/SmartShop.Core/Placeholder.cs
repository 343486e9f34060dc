namespace SmartShop.Core;

internal static class Placeholder;
