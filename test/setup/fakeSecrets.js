/** Every fake secret the suite uses; none may ever appear in output, errors or logs. */
module.exports.FAKE_SECRETS = [
	'sk_test_harness_0123456789abcdefSECRET',
	'sk_test_wrong_key_0000000000000000WXYZ',
	'sk_test_not_the_right_one_123456',
	'pk_test_abcdefghijklmnop',
	'sk_test_wrong_key_123456',
];
