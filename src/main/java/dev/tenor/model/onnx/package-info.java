/**
 * Reads the weights of BERT encoders exported to ONNX (the built-in models ship that way) into Hugging Face
 * parameter names. Plain Java and protobuf: no DJL, no ONNX Runtime, no JavaFX.
 */
package dev.tenor.model.onnx;
