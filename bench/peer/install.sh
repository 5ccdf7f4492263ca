#!/usr/bin/env bash
# Installs what the plain PyTorch peer (torch_bert_peer.py) needs, from Debian's packages.
# libopenblas0-openmp matters: without it Debian's torch falls back to the reference BLAS, which is
# many times slower and would make the peer a straw man.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y python3-torch python3-numpy libopenblas0-openmp
/usr/bin/python3 -c "import torch, numpy; print('torch', torch.__version__, 'numpy', numpy.__version__)"
