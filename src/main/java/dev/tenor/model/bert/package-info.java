/**
 * BERT as DJL blocks (embeddings, self-attention, layers, the encoder), parameters named as Hugging Face
 * names them, shapes checked before any computation. Numbers are held against independent implementations
 * in the tests (ONNX Runtime, a double-precision Java BERT, plain PyTorch, finite differences). Knows nothing
 * of files, tokenizers or the rest of Tenor beyond {@link dev.tenor.model.BertConfig}.
 */
package dev.tenor.model.bert;
