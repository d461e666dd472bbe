using System;
using Microsoft.ML.Recurrent.Data;

namespace Microsoft.ML.Recurrent.Training;

/// <summary>One mini-batch: the rows <see cref="Indices"/> of <see cref="Rows"/> with their labels in <see cref="Labels"/>
/// (same indices) and, when the model has an initial-state column, their initial states in <see cref="States"/> (same
/// indices). Valid until the source yields the next batch.</summary>
internal readonly record struct TrainingBatch(ISequenceRows Rows, SequenceLabels Labels, ArraySegment<int> Indices, ISequenceRows? States = null);
