import { rotationCases } from './personal-data-rotation.cases.js';

// GONGZHI_CRYPTO=sm: SM4 ciphertexts, HMAC-SM3 blind indexes, rotated the same way.
rotationCases('sm');
