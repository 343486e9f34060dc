using System.CommandLine;
using SmartShop.OpcUa;
using SmartShop.OpcUa.Client;
using SmartShop.OpcUa.Services;
using MethodArgument = SmartShop.OpcUa.Services.Argument;

namespace SmartShop.Server.Plc;

/// <summary><c>smartshop ua write</c> and <c>smartshop ua call</c>: values typed from the server's own metadata.</summary>
public static partial class UaCommands
{
    private static Command BuildWrite(Argument<string> url, ConnectionOptions connection, TextWriter output, TextWriter error)
    {
        var node = new Argument<string>("node-id") { Description = NodeHelp };
        var value = new Argument<string>("value")
        {
            Description = "The value in the invariant culture: 12.5, -3, true, 2026-01-05T06:00:00Z, text",
        };
        var type = new Option<string?>("--type")
        {
            Description = $"Built-in type to write ({string.Join(", ", TextTypes)}); default: the node's DataType, else the type of its current value",
        };
        var write = connection.AddTo(new Command("write", "Write the Value attribute of a variable (a scalar) and print the server's status") { url, node, value, type });
        write.SetAction(Guarded(error, async (parse, ct) =>
        {
            var typeName = parse.GetValue(type);
            BuiltInType? asked = typeName is null ? null : ParseTypeName(typeName);
            var nodeText = parse.GetValue(node)!;
            var text = parse.GetValue(value)!;
            await using var client = await connection.ConnectAsync(parse, url, error, ct);
            var nodeId = await ResolveNodeAsync(client, nodeText, ct);
            var builtIn = asked ?? await WriteTypeAsync(client, nodeId, nodeText, ct);
            var variant = ParseValue(text, builtIn, client.NamespaceUris);
            var status = await client.WriteValueAsync(nodeId, variant, ct);
            await output.WriteLineAsync($"{nodeText} := {variant} ({builtIn})  {status}");
            return status.IsBad ? 1 : 0;
        }));
        return write;
    }

    /// <summary>The type to write: the node's DataType if it names one built-in type, else its current value's, else an abstract number's widest type.</summary>
    private static async Task<BuiltInType> WriteTypeAsync(UaClient client, NodeId nodeId, string nodeText, CancellationToken ct)
    {
        var read = await client.ReadAsync(
        [
            new ReadValueId { NodeId = nodeId, AttributeId = AttributeIds.DataType },
            new ReadValueId { NodeId = nodeId, AttributeId = AttributeIds.Value },
        ], ct);
        var dataTypeStatus = read[0].StatusCode;
        if (dataTypeStatus.IsBad || !read[0].Value.TryGetValue(out NodeId dataType))
        {
            throw new UaException(dataTypeStatus, $"Cannot read the DataType of {nodeText} (is it a variable?): {dataTypeStatus}.");
        }

        var (concrete, reached) = await ResolveBuiltInTypeAsync(client, dataType, ct);
        if (concrete is { } type)
        {
            return type;
        }

        var current = read[1];
        if (current.StatusCode.IsGood && current.Value.ArrayType == VariantArrayType.Scalar && !current.Value.IsNull)
        {
            return current.Value.BuiltInType;
        }

        return AbstractNumberFallback(reached)
            ?? throw new ArgumentException($"Cannot tell which type to write to {nodeText} (DataType {Display(client, dataType)}); give --type.");
    }

    private static Command BuildCall(Argument<string> url, ConnectionOptions connection, TextWriter output, TextWriter error)
    {
        var objectNode = new Argument<string>("object-node-id") { Description = "The object (or object type) the method belongs to: " + NodeHelp };
        var methodNode = new Argument<string>("method-node-id") { Description = "The method: " + NodeHelp };
        var inputs = new Argument<string[]>("arguments")
        {
            Description = "Input arguments in the order of the method's InputArguments, each converted to its DataType",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var call = connection.AddTo(new Command("call", "Call a method and print its status and output arguments") { url, objectNode, methodNode, inputs });
        call.SetAction(Guarded(error, async (parse, ct) =>
        {
            var methodText = parse.GetValue(methodNode)!;
            var texts = parse.GetValue(inputs) ?? [];
            await using var client = await connection.ConnectAsync(parse, url, error, ct);
            var objectId = await ResolveNodeAsync(client, parse.GetValue(objectNode)!, ct);
            var methodId = await ResolveNodeAsync(client, methodText, ct);
            var (inputArguments, outputArguments) = await client.ReadMethodArgumentsAsync(methodId, ct);
            if (texts.Length != inputArguments.Length)
            {
                throw new ArgumentException(
                    $"{methodText} takes {inputArguments.Length} input argument(s) ({await SignatureAsync(client, inputArguments, ct)}); {texts.Length} given.");
            }

            var values = new Variant[texts.Length];
            for (var i = 0; i < texts.Length; i++)
            {
                values[i] = await ArgumentValueAsync(client, inputArguments[i], i, texts[i], ct);
            }

            var result = await client.CallAsync(objectId, methodId, values, ct);
            await output.WriteLineAsync($"{methodText}: {result.StatusCode}");
            var inputResults = result.InputArgumentResults ?? [];
            for (var i = 0; i < inputResults.Length && i < inputArguments.Length; i++)
            {
                if (!inputResults[i].IsGood)
                {
                    await output.WriteLineAsync($"  input {ArgumentName(inputArguments[i], i)}: {inputResults[i]}");
                }
            }

            var outputValues = result.OutputArguments ?? [];
            for (var i = 0; i < outputValues.Length; i++)
            {
                var name = i < outputArguments.Length ? ArgumentName(outputArguments[i], i) : $"output {i + 1}";
                await output.WriteLineAsync($"  {name} = {outputValues[i]} ({outputValues[i].BuiltInType})");
            }

            return result.StatusCode.IsBad ? 1 : 0;
        }));
        return call;
    }

    private static async Task<Variant> ArgumentValueAsync(UaClient client, MethodArgument argument, int index, string text, CancellationToken ct)
    {
        var name = ArgumentName(argument, index);
        if (argument.ValueRank >= 0)
        {
            throw new ArgumentException($"Input argument {name} is an array; only scalar arguments can be given on the command line.");
        }

        var (concrete, reached) = await ResolveBuiltInTypeAsync(client, argument.DataType, ct);
        var type = concrete ?? AbstractNumberFallback(reached)
            ?? throw new ArgumentException($"Input argument {name} has DataType {Display(client, argument.DataType)}, which cannot be given as text.");
        try
        {
            return ParseValue(text, type, client.NamespaceUris);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Input argument {name}: {ex.Message}", ex);
        }
    }

    private static async Task<string> SignatureAsync(UaClient client, MethodArgument[] arguments, CancellationToken ct)
    {
        var parts = new List<string>();
        for (var i = 0; i < arguments.Length; i++)
        {
            var (concrete, _) = await ResolveBuiltInTypeAsync(client, arguments[i].DataType, ct);
            var typeName = concrete?.ToString() ?? Display(client, arguments[i].DataType);
            parts.Add($"{ArgumentName(arguments[i], i)}: {typeName}{(arguments[i].ValueRank >= 0 ? "[]" : string.Empty)}");
        }

        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    private static string ArgumentName(MethodArgument argument, int index) =>
        string.IsNullOrEmpty(argument.Name) ? $"#{index + 1}" : argument.Name;
}
