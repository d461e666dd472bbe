namespace Samples.Data;

/// <summary>The two CSV layouts of the bundled classification data (see data/README.md).</summary>
public enum UcrFormat
{
    /// <summary><c>label,t0,t1,...</c>: one row per univariate, equal-length sample.</summary>
    Wide,

    /// <summary><c>sample_id,t,dim0..dimK,label</c>: one row per time step, rows of a sample contiguous.</summary>
    Long,
}
