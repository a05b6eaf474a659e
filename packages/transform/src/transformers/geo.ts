/** `ipCity`, `ipCountry`, `ipRegion`, `ipAsn`, `ipAsnInteger`: string IP → GeoIP value. */
import { ColumnTransformer, TransformError } from './types';

const NOT_A_STRING = new TransformError('not a string');
const NO_ASN = new TransformError('no ASN known for the address');

export const ipCityTransformer: ColumnTransformer = (input, geo) => (typeof input === 'string' ? geo.city(input) : NOT_A_STRING);
export const ipCountryTransformer: ColumnTransformer = (input, geo) => (typeof input === 'string' ? geo.country(input) : NOT_A_STRING);
export const ipRegionTransformer: ColumnTransformer = (input, geo) => (typeof input === 'string' ? geo.region(input) : NOT_A_STRING);
export const ipAsnTransformer: ColumnTransformer = (input, geo) => (typeof input === 'string' ? geo.asn(input) : NOT_A_STRING);

/** The AS number; an address without a known ASN is an error, as in the original. */
export const ipAsnIntegerTransformer: ColumnTransformer = (input, geo) => {
  if (typeof input !== 'string') return NOT_A_STRING;
  const asn = geo.asnNumber(input);
  return asn === undefined ? NO_ASN : String(asn);
};
