using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using SmartShop.Grains.Concurrency;

namespace SmartShop.Grains.Runtime;

/// <summary>
/// Generates, once per grain interface and with System.Reflection.Emit, a sealed proxy class deriving from
/// <see cref="GrainReference"/>. For a method <c>Task&lt;int&gt; Add(int by, string who)</c> it emits:
/// <code>
/// public static GrainMethodDescriptor&lt;(int, string), Task&lt;int&gt;&gt; s_m0;      // set after the type is built
/// public static Task&lt;int&gt; Invoke0(object grain, (int, string) args) => ((ICounter)grain).Add(args.Item1, args.Item2);
/// Task&lt;int&gt; ICounter.Add(int by, string who) => GrainCalls.InvokeTaskOf(this, (by, who), s_m0, default);
/// </code>
/// Arguments travel in a value tuple (nested through <c>Rest</c> beyond seven), so a call needs no reflection, no
/// boxing and, on the fast path, no allocation. Proxies live in one dynamic assembly that is granted access to the
/// runtime's and the grain interfaces' internals (IgnoresAccessChecksToAttribute, as DispatchProxy does), so grain
/// interfaces and argument types may be internal.
/// </summary>
internal static class GrainProxyGenerator
{
    private static readonly ConcurrentDictionary<Type, ProxyFactory> s_factories = new();
    private static readonly Lock s_gate = new();
    private static readonly HashSet<Assembly> s_accessGranted = [];
    private static AssemblyBuilder? s_assembly;
    private static ModuleBuilder? s_module;
    private static ConstructorInfo? s_ignoresAccessChecksToConstructor;
    private static int s_proxyCount;

    internal delegate GrainReference ProxyFactory(Silo silo, GrainClassInfo grainClass, GrainId grainId);

    private enum ReturnKind
    {
        Task,
        TaskOfT,
        ValueTask,
        ValueTaskOfT,
    }

    public static ProxyFactory GetFactory(Type grainInterface)
    {
        if (s_factories.TryGetValue(grainInterface, out var factory))
        {
            return factory;
        }

        // TypeBuilder is not thread-safe, and each interface must get exactly one proxy type.
        lock (s_gate)
        {
            if (!s_factories.TryGetValue(grainInterface, out factory))
            {
                factory = Generate(grainInterface);
                s_factories[grainInterface] = factory;
            }

            return factory;
        }
    }

    private static ProxyFactory Generate(Type grainInterface)
    {
        if (!grainInterface.IsInterface || !typeof(IAddressable).IsAssignableFrom(grainInterface)
            || grainInterface.ContainsGenericParameters)
        {
            throw new ArgumentException(
                $"{grainInterface} is not a closed grain interface (an interface deriving from IGrainWithStringKey, " +
                "IGrainWithGuidKey or IGrainWithIntegerKey).", nameof(grainInterface));
        }

        var module = EnsureModule();
        Type[] interfaces = [grainInterface, .. grainInterface.GetInterfaces()];
        var methods = interfaces
            .SelectMany(i => i.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Select(m => Describe(grainInterface, m))
            .ToList();
        foreach (var i in interfaces)
        {
            if (i.GetProperties().Length > 0 || i.GetEvents().Length > 0)
            {
                throw new NotSupportedException(
                    $"Grain interface {i} declares properties or events; grain interfaces may only declare methods.");
            }
        }

        GrantAccess(typeof(GrainProxyGenerator).Assembly);
        foreach (var i in interfaces)
        {
            GrantAccessToTypes(i);
        }

        foreach (var method in methods)
        {
            GrantAccessToTypes(method.ReturnType);
            foreach (var parameterType in method.ParameterTypes)
            {
                GrantAccessToTypes(parameterType);
            }
        }

        var typeName = $"SmartShop.Grains.Proxies.{grainInterface.Name.Replace('`', '_')}Proxy{++s_proxyCount}";
        var type = module.DefineType(typeName, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(GrainReference));
        foreach (var i in interfaces)
        {
            type.AddInterfaceImplementation(i);
        }

        EmitConstructorAndFactory(type, grainInterface);
        for (var index = 0; index < methods.Count; index++)
        {
            EmitMethod(type, methods[index], index);
        }

        var proxyType = type.CreateType();
        for (var index = 0; index < methods.Count; index++)
        {
            var method = methods[index];
            var invoke = proxyType.GetMethod($"Invoke{index}")!;
            var invokeAsTask = proxyType.GetMethod(method.Kind is ReturnKind.ValueTask or ReturnKind.ValueTaskOfT ? $"InvokeAsTask{index}" : $"Invoke{index}")!;
            var descriptor = Activator.CreateInstance(
                method.DescriptorType,
                method.Name,
                method.Flags,
                invoke.CreateDelegate(typeof(Func<,,>).MakeGenericType(typeof(object), method.ArgsType, method.ReturnType)),
                invokeAsTask.CreateDelegate(typeof(Func<,,>).MakeGenericType(typeof(object), method.ArgsType, typeof(Task))))!;
            proxyType.GetField($"s_m{index}")!.SetValue(null, descriptor);
        }

        return proxyType.GetMethod("Create")!.CreateDelegate<ProxyFactory>();
    }

    private static MethodShape Describe(Type grainInterface, MethodInfo method)
    {
        var where = $"{method.DeclaringType!.Name}.{method.Name}";
        if (method.IsGenericMethodDefinition)
        {
            throw new NotSupportedException($"Grain method {where} is generic; generic grain methods are not supported.");
        }

        var parameters = method.GetParameters();
        if (parameters.Any(p => p.ParameterType.IsByRef || p.ParameterType.IsPointer || p.ParameterType.IsByRefLike))
        {
            throw new NotSupportedException($"Grain method {where} has a ref, out, in, pointer or ref struct parameter.");
        }

        var returnType = method.ReturnType;
        var kind = returnType == typeof(Task) ? ReturnKind.Task
            : returnType == typeof(ValueTask) ? ReturnKind.ValueTask
            : returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>) ? ReturnKind.TaskOfT
            : returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>) ? ReturnKind.ValueTaskOfT
            : throw new NotSupportedException(
                $"Grain method {where} returns {returnType.Name}; grain methods return Task, Task<T>, ValueTask or ValueTask<T>.");

        var flags = GrainMethodFlags.None;
        if (method.IsDefined(typeof(AlwaysInterleaveAttribute), inherit: false))
        {
            flags |= GrainMethodFlags.AlwaysInterleave;
        }

        if (method.IsDefined(typeof(ReadOnlyAttribute), inherit: false))
        {
            flags |= GrainMethodFlags.ReadOnly;
        }

        if (method.IsDefined(typeof(OneWayAttribute), inherit: false))
        {
            if (kind is not (ReturnKind.Task or ReturnKind.ValueTask))
            {
                throw new NotSupportedException($"[OneWay] grain method {where} must return Task or ValueTask.");
            }

            flags |= GrainMethodFlags.OneWay;
        }

        var parameterTypes = parameters.Select(p => p.ParameterType).ToArray();
        var argsType = TupleType(parameterTypes, 0);
        return new MethodShape(
            method,
            $"{grainInterface.Name}.{method.Name}",
            flags,
            kind,
            returnType,
            parameterTypes,
            argsType,
            typeof(GrainMethodDescriptor<,>).MakeGenericType(argsType, returnType),
            Array.FindIndex(parameterTypes, t => t == typeof(CancellationToken)));
    }

    private static void EmitConstructorAndFactory(TypeBuilder type, Type grainInterface)
    {
        Type[] parameters = [typeof(Silo), typeof(GrainClassInfo), typeof(GrainId)];
        var baseConstructor = typeof(GrainReference).GetConstructor(
            BindingFlags.Instance | BindingFlags.NonPublic, [typeof(Silo), typeof(GrainClassInfo), typeof(GrainId), typeof(Type)])!;
        var constructor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.HasThis, parameters);
        var il = constructor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldarg_3);
        il.Emit(OpCodes.Ldtoken, grainInterface);
        il.Emit(OpCodes.Call, typeof(Type).GetMethod(nameof(Type.GetTypeFromHandle))!);
        il.Emit(OpCodes.Call, baseConstructor);
        il.Emit(OpCodes.Ret);

        var create = type.DefineMethod("Create", MethodAttributes.Public | MethodAttributes.Static, typeof(GrainReference), parameters);
        il = create.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Newobj, constructor);
        il.Emit(OpCodes.Ret);
    }

    private static void EmitMethod(TypeBuilder type, MethodShape shape, int index)
    {
        var descriptorField = type.DefineField($"s_m{index}", shape.DescriptorType, FieldAttributes.Public | FieldAttributes.Static);

        // Invoker: unpacks the tuple and calls the interface method on the grain object.
        var invoke = type.DefineMethod(
            $"Invoke{index}", MethodAttributes.Public | MethodAttributes.Static, shape.ReturnType, [typeof(object), shape.ArgsType]);
        var il = invoke.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Castclass, shape.Method.DeclaringType!);
        for (var i = 0; i < shape.ParameterTypes.Length; i++)
        {
            il.Emit(OpCodes.Ldarga_S, (byte)1);
            EmitLoadTupleItem(il, shape.ArgsType, i);
        }

        il.Emit(OpCodes.Callvirt, shape.Method);
        il.Emit(OpCodes.Ret);

        if (shape.Kind is ReturnKind.ValueTask or ReturnKind.ValueTaskOfT)
        {
            var invokeAsTask = type.DefineMethod(
                $"InvokeAsTask{index}", MethodAttributes.Public | MethodAttributes.Static, typeof(Task), [typeof(object), shape.ArgsType]);
            il = invokeAsTask.GetILGenerator();
            var result = il.DeclareLocal(shape.ReturnType);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Call, invoke);
            il.Emit(OpCodes.Stloc, result);
            il.Emit(OpCodes.Ldloca, result);
            il.Emit(OpCodes.Call, shape.ReturnType.GetMethod(nameof(ValueTask.AsTask), Type.EmptyTypes)!);
            il.Emit(OpCodes.Ret);
        }

        // The interface method, implemented explicitly (two base interfaces may declare methods with equal signatures).
        var implementation = type.DefineMethod(
            $"{shape.Method.DeclaringType!.FullName}.{shape.Method.Name}#{index}",
            MethodAttributes.Private | MethodAttributes.HideBySig | MethodAttributes.NewSlot | MethodAttributes.Virtual | MethodAttributes.Final,
            CallingConventions.HasThis,
            shape.ReturnType,
            shape.ParameterTypes);
        il = implementation.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        if (shape.ParameterTypes.Length == 0)
        {
            var empty = il.DeclareLocal(typeof(ValueTuple));
            il.Emit(OpCodes.Ldloca, empty);
            il.Emit(OpCodes.Initobj, typeof(ValueTuple));
            il.Emit(OpCodes.Ldloc, empty);
        }
        else
        {
            EmitNewTuple(il, shape.ParameterTypes, 0);
        }

        il.Emit(OpCodes.Ldsfld, descriptorField);
        if (shape.CancellationTokenIndex >= 0)
        {
            EmitLdarg(il, shape.CancellationTokenIndex + 1);
        }
        else
        {
            var none = il.DeclareLocal(typeof(CancellationToken));
            il.Emit(OpCodes.Ldloca, none);
            il.Emit(OpCodes.Initobj, typeof(CancellationToken));
            il.Emit(OpCodes.Ldloc, none);
        }

        il.Emit(OpCodes.Call, CallHelper(shape));
        il.Emit(OpCodes.Ret);
        type.DefineMethodOverride(implementation, shape.Method);
    }

    private static MethodInfo CallHelper(MethodShape shape)
    {
        var oneWay = (shape.Flags & GrainMethodFlags.OneWay) != 0;
        var (name, typeArguments) = shape.Kind switch
        {
            ReturnKind.Task when oneWay => (nameof(GrainCalls.InvokeOneWay), new[] { shape.ArgsType }),
            ReturnKind.ValueTask when oneWay => (nameof(GrainCalls.InvokeOneWayValueTask), [shape.ArgsType]),
            ReturnKind.Task => (nameof(GrainCalls.InvokeTask), [shape.ArgsType]),
            ReturnKind.ValueTask => (nameof(GrainCalls.InvokeValueTask), [shape.ArgsType]),
            ReturnKind.TaskOfT => (nameof(GrainCalls.InvokeTaskOf), [shape.ArgsType, shape.ReturnType.GetGenericArguments()[0]]),
            _ => (nameof(GrainCalls.InvokeValueTaskOf), [shape.ArgsType, shape.ReturnType.GetGenericArguments()[0]]),
        };
        return typeof(GrainCalls).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(typeArguments);
    }

    // Value tuple for parameters [offset..]: ValueTuple`1..7, or ValueTuple`8 whose Rest holds the remainder.
    private static Type TupleType(Type[] types, int offset)
    {
        var count = types.Length - offset;
        if (count == 0)
        {
            return typeof(ValueTuple);
        }

        if (count <= 7)
        {
            return GenericTuple(count).MakeGenericType(types[offset..]);
        }

        return typeof(ValueTuple<,,,,,,,>).MakeGenericType([.. types[offset..(offset + 7)], TupleType(types, offset + 7)]);
    }

    private static Type GenericTuple(int count) => count switch
    {
        1 => typeof(ValueTuple<>),
        2 => typeof(ValueTuple<,>),
        3 => typeof(ValueTuple<,,>),
        4 => typeof(ValueTuple<,,,>),
        5 => typeof(ValueTuple<,,,,>),
        6 => typeof(ValueTuple<,,,,,>),
        _ => typeof(ValueTuple<,,,,,,>),
    };

    // Pushes the method's arguments [offset..] (argument 0 is 'this') packed as TupleType(types, offset).
    private static void EmitNewTuple(ILGenerator il, Type[] types, int offset)
    {
        var count = Math.Min(types.Length - offset, 7);
        for (var i = 0; i < count; i++)
        {
            EmitLdarg(il, offset + i + 1);
        }

        if (types.Length - offset > 7)
        {
            EmitNewTuple(il, types, offset + 7);
        }

        var tupleType = TupleType(types, offset);
        il.Emit(OpCodes.Newobj, tupleType.GetConstructor(tupleType.GetGenericArguments())!);
    }

    // With the tuple's address on the stack, loads element 'index' (following Rest for index >= 7).
    private static void EmitLoadTupleItem(ILGenerator il, Type tupleType, int index)
    {
        while (index >= 7)
        {
            var rest = tupleType.GetField("Rest")!;
            il.Emit(OpCodes.Ldflda, rest);
            tupleType = rest.FieldType;
            index -= 7;
        }

        il.Emit(OpCodes.Ldfld, tupleType.GetField($"Item{index + 1}")!);
    }

    private static void EmitLdarg(ILGenerator il, int index)
    {
        switch (index)
        {
            case 0: il.Emit(OpCodes.Ldarg_0); break;
            case 1: il.Emit(OpCodes.Ldarg_1); break;
            case 2: il.Emit(OpCodes.Ldarg_2); break;
            case 3: il.Emit(OpCodes.Ldarg_3); break;
            case <= byte.MaxValue: il.Emit(OpCodes.Ldarg_S, (byte)index); break;
            default: il.Emit(OpCodes.Ldarg, (short)index); break;
        }
    }

    private static ModuleBuilder EnsureModule()
    {
        if (s_module is not null)
        {
            return s_module;
        }

        s_assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("SmartShop.Grains.Proxies"), AssemblyBuilderAccess.Run);
        s_module = s_assembly.DefineDynamicModule("SmartShop.Grains.Proxies");
        s_ignoresAccessChecksToConstructor = DefineIgnoresAccessChecksToAttribute(s_module);
        return s_module;
    }

    // The runtime honours System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute when the accessing assembly
    // defines it itself; it lets the proxies use internal types of the named assemblies.
    private static ConstructorInfo DefineIgnoresAccessChecksToAttribute(ModuleBuilder module)
    {
        var attribute = module.DefineType(
            "System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute",
            TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class,
            typeof(Attribute));
        var field = attribute.DefineField("_assemblyName", typeof(string), FieldAttributes.Private | FieldAttributes.InitOnly);
        var constructor = attribute.DefineConstructor(MethodAttributes.Public, CallingConventions.HasThis, [typeof(string)]);
        var il = constructor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, typeof(Attribute).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, Type.EmptyTypes)!);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Stfld, field);
        il.Emit(OpCodes.Ret);

        var getter = attribute.DefineMethod(
            "get_AssemblyName", MethodAttributes.Public | MethodAttributes.HideBySig | MethodAttributes.SpecialName, typeof(string), Type.EmptyTypes);
        il = getter.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, field);
        il.Emit(OpCodes.Ret);
        attribute.DefineProperty("AssemblyName", PropertyAttributes.None, typeof(string), null).SetGetMethod(getter);

        attribute.SetCustomAttribute(new CustomAttributeBuilder(
            typeof(AttributeUsageAttribute).GetConstructor([typeof(AttributeTargets)])!,
            [AttributeTargets.Assembly],
            [typeof(AttributeUsageAttribute).GetProperty(nameof(AttributeUsageAttribute.AllowMultiple))!],
            [true]));
        return attribute.CreateType().GetConstructor([typeof(string)])!;
    }

    private static void GrantAccessToTypes(Type type)
    {
        GrantAccess(type.Assembly);
        if (type.HasElementType)
        {
            GrantAccessToTypes(type.GetElementType()!);
        }

        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                GrantAccessToTypes(argument);
            }
        }

        if (type.DeclaringType is { } declaring)
        {
            GrantAccessToTypes(declaring);
        }
    }

    private static void GrantAccess(Assembly assembly)
    {
        if (s_accessGranted.Add(assembly))
        {
            s_assembly!.SetCustomAttribute(new CustomAttributeBuilder(s_ignoresAccessChecksToConstructor!, [assembly.GetName().Name!]));
        }
    }

    private sealed record MethodShape(
        MethodInfo Method,
        string Name,
        GrainMethodFlags Flags,
        ReturnKind Kind,
        Type ReturnType,
        Type[] ParameterTypes,
        Type ArgsType,
        Type DescriptorType,
        int CancellationTokenIndex);
}
