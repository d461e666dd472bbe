using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Recurrent.Bridge;
using Microsoft.ML.Recurrent.Data;
using Microsoft.ML.Recurrent.Native;
using Microsoft.ML.Recurrent.Tasks;
using Microsoft.ML.Recurrent.Training;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Recurrent;

/// <summary>The estimator behind every recurrent trainer: reads the sequences and labels, trains, and returns a
/// <see cref="RecurrentPredictionTransformer"/>.</summary>
public abstract class RecurrentTrainerBase : IEstimator<RecurrentPredictionTransformer>
{
    private readonly IHostEnvironment _env;
    private readonly RecurrentSupervisedOptions _options;
    private readonly Func<PredictionTask> _createTask;

    private protected RecurrentTrainerBase(IHostEnvironment env, RecurrentSupervisedOptions options, Func<PredictionTask> createTask)
    {
        _env = env ?? throw new ArgumentNullException(nameof(env));
        _options = OptionsValidator.Validate(options);
        _createTask = createTask;
        MLNetInternals.SelfCheck();
    }

    /// <summary>Trains on <paramref name="input"/>.</summary>
    public RecurrentPredictionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var task = _createTask();
        task.BindLabel(FindLabel(input.Schema));
        ITrainingSource train = _options.ShuffleBufferSize is int bufferSize
            ? new StreamingTrainingSource(input, _options, task, bufferSize, _options.BatchSize, SequenceReader.TrainingData)
            : new InMemoryTrainingSource(SequenceReader.Read(input, _options, task, SequenceReader.TrainingData), _options.BucketByLength, _options.BatchSize);
        SequenceDataset? validation = null;
        if (_options.ValidationSet is IDataView validationSet)
        {
            var validationLabel = SequenceReader.Naming(ValidationSet, () => FindLabel(validationSet.Schema));
            var trainLabel = FindLabel(input.Schema);
            if (!validationLabel.Type.Equals(trainLabel.Type))
            {
                throw new ArgumentException(
                    $"The validation set's label column '{validationLabel.Name}' has type {ErrorMessages.Describe(validationLabel.Type)} but the training data's has {ErrorMessages.Describe(trainLabel.Type)}; " +
                    "transform both with the same fitted pipeline (e.g. one MapValueToKey fitted on the training data).", nameof(input));
            }

            // Keys of the same count can still mean different classes: a MapValueToKey fitted on each set separately
            // numbers the classes in the order it meets them.
            if (KeyValuesAnnotation.From(trainLabel)?.Names is string[] trainClasses
                && KeyValuesAnnotation.From(validationLabel)?.Names is string[] validationClasses
                && !trainClasses.AsSpan().SequenceEqual(validationClasses))
            {
                throw new ArgumentException(
                    $"The validation set's label keys stand for the classes [{string.Join(", ", validationClasses)}] but the training data's for [{string.Join(", ", trainClasses)}]; " +
                    "the same key would mean different classes. Transform both with the same fitted pipeline (e.g. one MapValueToKey fitted on the training data).", nameof(input));
            }

            validation = SequenceReader.Read(validationSet, _options, task, ValidationSet);
        }

        TorchNativeLoader.EnsureLoaded();
        var context = new TrainingContext(_env, GetType().Name);
        var (model, history) = RecurrentTrainingLoop.Train(context, _options, task, train, validation);
        return new RecurrentPredictionTransformer(_env, model, _options.FeatureColumnName, _options.InputSize, new OutputColumnNames(), history, _options.InitialStateColumnName);
    }

    /// <summary>The schema <see cref="Fit"/> would produce: the input's columns plus the task's output columns.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var feature = inputSchema.FirstOrDefault(c => c.Name == _options.FeatureColumnName);
        if (feature.Name is null)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"The Feature column '{_options.FeatureColumnName}' was not found in the input schema; it has the columns [{string.Join(", ", inputSchema.Select(c => c.Name))}].");
        if (feature.ItemType != NumberDataViewType.Single)
            throw new ArgumentException(ErrorMessages.FeatureType(feature.Name, feature.ItemType, _options.InputSize), nameof(inputSchema));
        var label = inputSchema.FirstOrDefault(c => c.Name == _options.LabelColumnName);
        if (label.Name is null)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"The Label column '{_options.LabelColumnName}' was not found in the input schema; it has the columns [{string.Join(", ", inputSchema.Select(c => c.Name))}].");

        if (InitialStateColumn.Of(_options) is InitialStateColumn state)
        {
            var stateColumn = inputSchema.FirstOrDefault(c => c.Name == state.Name);
            if (stateColumn.Name is null)
                throw new ArgumentOutOfRangeException(nameof(inputSchema), $"The InitialState column '{state.Name}' was not found in the input schema; it has the columns [{string.Join(", ", inputSchema.Select(c => c.Name))}]. Name an existing column in the options' InitialStateColumnName, or add the column to the data.");
            state.CheckShape(stateColumn);   // its size is checked at Fit, where the data's schema gives it
        }

        var task = _createTask();
        var columns = inputSchema.ToDictionary(c => c.Name);
        foreach (var column in task.GetOutputShape(label, new OutputColumnNames()))
            columns[column.Name] = column;
        return new SchemaShape(columns.Values);
    }

    private const string ValidationSet = "validation set";

    private DataViewSchema.Column FindLabel(DataViewSchema schema)
        => schema.GetColumnOrNull(_options.LabelColumnName)
            ?? throw new ArgumentOutOfRangeException("input", ErrorMessages.MissingColumn("Label", _options.LabelColumnName, schema));
}
