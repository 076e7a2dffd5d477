package io.camelagents.pilot;

/** Data-exchange message types a producer can send. */
public enum PilotDataType {
    /** text for String bodies, file when a file name header is set, binary otherwise. */
    auto, text, json, binary, file
}
