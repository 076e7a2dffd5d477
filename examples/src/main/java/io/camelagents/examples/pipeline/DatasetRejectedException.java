package io.camelagents.examples.pipeline;

/** Agent B refuses a dataset: it does not match its announcement or is malformed. Nothing of it is written. */
public class DatasetRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String datasetId;

    public DatasetRejectedException(String datasetId, String reason) {
        super("dataset " + (datasetId == null ? "(unknown)" : datasetId) + " rejected: " + reason + "; nothing was written to database 2");
        this.datasetId = datasetId;
    }

    public String datasetId() {
        return datasetId;
    }
}
