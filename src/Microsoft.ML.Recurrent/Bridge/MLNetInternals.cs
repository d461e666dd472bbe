using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent.Bridge;

/// <summary>
/// The one place that reaches into ML.NET internals (Microsoft.ML 5.0.x): model persistence, the catalogs'
/// environment, the environment's seed/GPU settings and cancellation, and the <see cref="SchemaShape.Column"/>
/// constructor. Every member is resolved once, up front; <see cref="SelfCheck"/> lists any that are missing.
/// </summary>
internal static class MLNetInternals
{
    private const BindingFlags AnyInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly Assembly CoreAssembly = typeof(IHostEnvironment).Assembly;
    private static readonly Assembly DataAssembly = typeof(TrainCatalogBase).Assembly;
    private static readonly List<string> Missing = new();

    private static readonly Type? VersionInfoType = FindType(CoreAssembly, "Microsoft.ML.VersionInfo");
    private static readonly Type? LoadContextType = FindType(CoreAssembly, "Microsoft.ML.ModelLoadContext");
    private static readonly Type? EnvInternalType = FindType(CoreAssembly, "Microsoft.ML.Runtime.IHostEnvironmentInternal");
    private static readonly Type? CancelableType = FindType(CoreAssembly, "Microsoft.ML.Runtime.ICancelable");
    private static readonly Type? InternalCatalogType = FindType(DataAssembly, "Microsoft.ML.Data.IInternalCatalog");

    private static readonly ConstructorInfo? VersionInfoCtor = FindCtor(VersionInfoType,
        typeof(string), typeof(uint), typeof(uint), typeof(uint), typeof(string), typeof(string), typeof(string));
    private static readonly MethodInfo? SaveCheckAtModel = FindMethod(typeof(ModelSaveContext), "CheckAtModel");
    private static readonly MethodInfo? SaveSetVersionInfo = FindMethod(typeof(ModelSaveContext), "SetVersionInfo", VersionInfoType);
    private static readonly FieldInfo? SaveWriter = FindField(typeof(ModelSaveContext), "Writer");
    private static readonly MethodInfo? SaveBinaryStreamMethod = FindMethod(typeof(ModelSaveContext), "SaveBinaryStream", typeof(string), typeof(Action<BinaryWriter>));
    private static readonly MethodInfo? LoadCheckAtModel = FindMethod(LoadContextType, "CheckAtModel", VersionInfoType);
    private static readonly FieldInfo? LoadReader = FindField(LoadContextType, "Reader");
    private static readonly FieldInfo? LoadHeader = FindField(LoadContextType, "Header");
    private static readonly FieldInfo? LoadDirectory = FindField(LoadContextType, "Directory");
    private static readonly FieldInfo? HeaderModelSignature = FindField(LoadHeader?.FieldType, "ModelSignature");
    private static readonly FieldInfo? HeaderVerWritten = FindField(LoadHeader?.FieldType, "ModelVerWritten");
    private static readonly FieldInfo? HeaderVerReadable = FindField(LoadHeader?.FieldType, "ModelVerReadable");
    private static readonly FieldInfo? VersionInfoModelSignature = FindField(VersionInfoType, "ModelSignature");
    private static readonly MethodInfo? LoadBinaryStreamMethod = FindMethod(LoadContextType, "TryLoadBinaryStream", typeof(string), typeof(Action<BinaryReader>));
    private static readonly PropertyInfo? EnvSeed = FindProperty(EnvInternalType, "Seed");
    private static readonly PropertyInfo? EnvGpuDeviceId = FindProperty(EnvInternalType, "GpuDeviceId");
    private static readonly PropertyInfo? EnvFallbackToCpu = FindProperty(EnvInternalType, "FallbackToCpu");
    private static readonly PropertyInfo? EnvIsCanceled = FindProperty(CancelableType, "IsCanceled");
    private static readonly PropertyInfo? CatalogEnvironment = FindProperty(InternalCatalogType, "Environment");
    private static readonly ConstructorInfo? ColumnCtor = FindCtor(typeof(SchemaShape.Column),
        typeof(string), typeof(SchemaShape.Column.VectorKind), typeof(DataViewType), typeof(bool), typeof(SchemaShape));

    private static readonly MethodInfo? ShapeCreate = Note(typeof(SchemaShape).GetMethod("Create",
        BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, null, new[] { typeof(DataViewSchema) }, null), "SchemaShape.Create");

    /// <summary>Throws when any internal member this library needs is missing from the loaded Microsoft.ML.</summary>
    public static void SelfCheck()
    {
        if (Missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Microsoft.ML.Recurrent cannot work with the loaded Microsoft.ML {CoreAssembly.GetName().Version} " +
                $"({CoreAssembly.Location}): these members it relies on were not found: {string.Join(", ", Missing)}. " +
                "Reference Microsoft.ML 5.0.x, the line this version of Microsoft.ML.Recurrent was built and tested against.");
        }
    }

    /// <summary>The environment behind a catalog such as <c>mlContext.BinaryClassification.Trainers</c>.</summary>
    public static IHostEnvironment GetEnvironment(object catalog)
    {
        if (catalog is IHostEnvironment env)
            return env;
        SelfCheck();
        return (IHostEnvironment)(CatalogEnvironment!.GetValue(catalog)
            ?? throw new InvalidOperationException($"The catalog {catalog.GetType().Name} has no environment."));
    }

    /// <summary>The seed given to <c>new MLContext(seed)</c>, or null.</summary>
    public static int? GetSeed(IHostEnvironment env) => Read<int?>(env, EnvSeed);

    /// <summary><c>MLContext.GpuDeviceId</c>.</summary>
    public static int? GetGpuDeviceId(IHostEnvironment env) => Read<int?>(env, EnvGpuDeviceId);

    /// <summary><c>MLContext.FallbackToCpu</c>.</summary>
    public static bool GetFallbackToCpu(IHostEnvironment env) => Read<bool?>(env, EnvFallbackToCpu) ?? true;

    /// <summary>Whether <c>MLContext.CancelExecution()</c> was called.</summary>
    public static bool IsCanceled(IHostEnvironment env) => Read<bool?>(env, EnvIsCanceled) ?? false;

    /// <summary>Creates a <see cref="SchemaShape.Column"/> (its constructor is internal).</summary>
    public static SchemaShape.Column CreateColumn(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType,
        bool isKey, SchemaShape? annotations = null)
    {
        SelfCheck();
        return (SchemaShape.Column)ColumnCtor!.Invoke(new object?[] { name, kind, itemType, isKey, annotations ?? new SchemaShape(Array.Empty<SchemaShape.Column>()) });
    }

    /// <summary>The <see cref="SchemaShape"/> of a schema (ML.NET's <c>SchemaShape.Create</c> is internal).</summary>
    public static SchemaShape CreateShape(DataViewSchema schema)
    {
        SelfCheck();
        return (SchemaShape)ShapeCreate!.Invoke(null, new object[] { schema })!;
    }

    /// <summary>Writes the model header and returns the writer for <c>Model.key</c>.</summary>
    public static BinaryWriter BeginSave(ModelSaveContext ctx, string modelSignature, uint version, uint oldestReadable, string loaderSignature)
    {
        SelfCheck();
        SaveCheckAtModel!.Invoke(ctx, null);
        SaveSetVersionInfo!.Invoke(ctx, new[] { CreateVersionInfo(modelSignature, version, oldestReadable, loaderSignature) });
        return (BinaryWriter)SaveWriter!.GetValue(ctx)!;
    }

    /// <summary>Writes a named binary entry inside the model zip.</summary>
    public static void SaveBinaryStream(ModelSaveContext ctx, string name, Action<BinaryWriter> write)
        => Invoke(SaveBinaryStreamMethod!, ctx, name, write);

    /// <summary>The format versions in the model header (written, and the oldest reader that can read it), or null when
    /// the header's model signature is not <paramref name="modelSignature"/>.</summary>
    public static (uint Written, uint Readable)? GetModelVersions(object ctx, string modelSignature)
    {
        SelfCheck();
        object header = LoadHeader!.GetValue(ctx)!;
        object ours = VersionInfoModelSignature!.GetValue(CreateVersionInfo(modelSignature, 0, 0, "-"))!;
        return HeaderModelSignature!.GetValue(header)!.Equals(ours)
            ? ((uint)HeaderVerWritten!.GetValue(header)!, (uint)HeaderVerReadable!.GetValue(header)!)
            : null;
    }

    /// <summary>Checks the model header (ML.NET's checks) and returns the reader for <c>Model.key</c>.</summary>
    public static BinaryReader BeginLoad(object ctx, string modelSignature, uint version, uint oldestReadable, string loaderSignature)
    {
        SelfCheck();
        Invoke(LoadCheckAtModel!, ctx, CreateVersionInfo(modelSignature, version, oldestReadable, loaderSignature));
        return (BinaryReader)LoadReader!.GetValue(ctx)!;
    }

    /// <summary>The folder inside the model zip that this model's entries are in, e.g. <c>TransformerChain/Transform_001</c>.</summary>
    public static string GetDirectory(object ctx)
    {
        SelfCheck();
        return LoadDirectory!.GetValue(ctx) as string ?? "";
    }

    /// <summary>Reads a named binary entry from the model zip; false when it is absent.</summary>
    public static bool TryLoadBinaryStream(object ctx, string name, Action<BinaryReader> read)
        => (bool)Invoke(LoadBinaryStreamMethod!, ctx, name, read)!;

    private static object CreateVersionInfo(string modelSignature, uint version, uint oldestReadable, string loaderSignature)
        => VersionInfoCtor!.Invoke(new object?[]
        {
            modelSignature, version, version, oldestReadable, typeof(MLNetInternals).Assembly.FullName, loaderSignature, null,
        });

    private static object? Invoke(MethodInfo method, object target, params object?[] args)
    {
        try
        {
            return method.Invoke(target, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    private static T? Read<T>(object target, PropertyInfo? property)
    {
        SelfCheck();
        return property!.DeclaringType!.IsInstanceOfType(target) ? (T?)property.GetValue(target) : default;
    }

    private static Type? FindType(Assembly assembly, string name) => Note(assembly.GetType(name), name);

    private static ConstructorInfo? FindCtor(Type? type, params Type?[] parameters)
        => type is null || parameters.Any(p => p is null) ? null
            : Note(type.GetConstructor(AnyInstance, null, parameters!, null), $"{type.Name}..ctor");

    private static MethodInfo? FindMethod(Type? type, string name, params Type?[] parameters)
        => type is null || parameters.Any(p => p is null) ? null
            : Note(type.GetMethod(name, AnyInstance, null, parameters!, null), $"{type.Name}.{name}");

    private static FieldInfo? FindField(Type? type, string name)
        => type is null ? null : Note(type.GetField(name, AnyInstance), $"{type.Name}.{name}");

    private static PropertyInfo? FindProperty(Type? type, string name)
        => type is null ? null : Note(type.GetProperty(name, AnyInstance), $"{type.Name}.{name}");

    private static T? Note<T>(T? member, string name)
        where T : class
    {
        if (member is null)
            Missing.Add(name);
        return member;
    }
}
