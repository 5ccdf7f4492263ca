/**
 * Sentence-embedding models: model folders in the sentence-transformers layout ({@link dev.tenor.model.ModelFolder}),
 * safetensors weights, the built-in offline models and the model store, a loaded model on a device
 * ({@link dev.tenor.model.SentenceModel}, which owns the native memory and frees it only when no call is using
 * it), inference ({@link dev.tenor.model.SentenceEncoder}), persistence ({@link dev.tenor.model.ModelSnapshot}),
 * devices and PyTorch's natives, and the process-wide gate around native work
 * ({@link dev.tenor.model.NativeWork}). Core code: it must not import JavaFX, picocli, {@code ui}, {@code cli}
 * or {@code launch}.
 */
package dev.tenor.model;
